/**
 * The persona's pure rules shared by the server, the chat app and the console (no zod here, so the
 * browsers may import it as a value): which automated messages are templates and what each may
 * say, WCAG contrast maths and the colour pairs the widget draws, and the font stack's grammar.
 * server/domain/persona.ts builds on these (presets, defaults, the whole check before a save).
 */
import type { Language } from './languages.js';

/** Every automated message the widget shows, as a persona template in each language. */
export const PERSONA_MESSAGES = [
  'welcome',
  'queued',
  'position',
  'wait',
  'agentJoined',
  'agentLeft',
  'transferred',
  'transferredQueue',
  'closing',
  'closedHours',
  'busy',
  'idleWarning',
] as const;
export type PersonaMessage = (typeof PERSONA_MESSAGES)[number];

/** A message's template in both languages. */
export type PersonaTemplates = Record<PersonaMessage, Record<Language, string>>;

/**
 * What each template may use and must use. `{persona}` (the persona's name) is allowed everywhere;
 * the others are filled by the widget at the moment it shows the message, so a template without
 * them would lose the fact (a place in line without the place).
 */
export const TEMPLATE_PLACEHOLDERS: Record<PersonaMessage, { required: readonly string[]; optional: readonly string[] }> = {
  welcome: { required: [], optional: ['persona'] },
  queued: { required: [], optional: ['persona'] },
  position: { required: ['position'], optional: ['persona'] },
  wait: { required: ['wait'], optional: ['persona'] },
  agentJoined: { required: ['agent'], optional: ['persona'] },
  agentLeft: { required: [], optional: ['persona'] },
  transferred: { required: ['agent'], optional: ['persona'] },
  transferredQueue: { required: [], optional: ['persona'] },
  closing: { required: [], optional: ['persona'] },
  closedHours: { required: [], optional: ['persona'] },
  busy: { required: [], optional: ['persona'] },
  idleWarning: { required: ['when'], optional: ['persona'] },
};

/** Templates that may be left empty (then the widget shows nothing in their place). */
export const OPTIONAL_TEMPLATES: readonly PersonaMessage[] = ['welcome'];

/** One thing wrong with one template in one language. */
export interface TemplateProblem {
  message: PersonaMessage;
  language: Language;
  kind: 'unknown_placeholder' | 'missing_placeholder' | 'empty' | 'unbalanced_brace';
  /** The placeholder concerned, without braces (null for `empty` and `unbalanced_brace`). */
  placeholder: string | null;
}

/** `{name}` holes in a template, in order (names as written). */
export function placeholdersOf(template: string): string[] {
  return Array.from(template.matchAll(/\{([^{}]*)\}/g), (match) => match[1] ?? '');
}

/**
 * Checks every template in both languages: only the placeholders allowed for that message, the
 * required ones present, braces that pair up, and text where a message must say something.
 */
export function templateProblems(templates: PersonaTemplates): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const message of PERSONA_MESSAGES) {
    const { required, optional } = TEMPLATE_PLACEHOLDERS[message];
    for (const language of ['en', 'fr'] as const) {
      const template = templates[message][language];
      if (template.trim() === '') {
        if (!OPTIONAL_TEMPLATES.includes(message)) problems.push({ message, language, kind: 'empty', placeholder: null });
        continue;
      }
      // Braces left over once the holes are taken out: `{agent` or `agent}` would show as typed.
      if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) problems.push({ message, language, kind: 'unbalanced_brace', placeholder: null });
      const used = placeholdersOf(template);
      for (const name of new Set(used)) {
        if (!required.includes(name) && !optional.includes(name)) problems.push({ message, language, kind: 'unknown_placeholder', placeholder: name });
      }
      for (const name of required) {
        if (!used.includes(name)) problems.push({ message, language, kind: 'missing_placeholder', placeholder: name });
      }
    }
  }
  return problems;
}

/** A problem in words (English: for the server's error message; the console words its own). */
export function describeTemplateProblem(problem: TemplateProblem): string {
  const where = `The "${problem.message}" template (${problem.language === 'en' ? 'English' : 'French'})`;
  switch (problem.kind) {
    case 'empty':
      return `${where} is empty.`;
    case 'unbalanced_brace':
      return `${where} has a brace that does not close.`;
    case 'unknown_placeholder':
      return `${where} uses {${problem.placeholder}}, which that message cannot fill.`;
    case 'missing_placeholder':
      return `${where} must contain {${problem.placeholder}}.`;
  }
}

/** Fills `{name}` holes; a hole with no value stays as written. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([^{}]*)\}/g, (hole, name: string) => (name in values ? String(values[name]) : hole));
}

// ---- Colours ------------------------------------------------------------------------------------

/** The colours a persona sets, each `#rrggbb`. */
export interface PersonaColours {
  /** The header, primary buttons, status lines. */
  brand: string;
  /** Text and icons on the brand colour. */
  brandText: string;
  background: string;
  text: string;
  /** The focus ring, drawn on the background beside the focused control. */
  focus: string;
  agentBubble: string;
  citizenBubble: string;
}

export const PERSONA_COLOUR_KEYS = ['brand', 'brandText', 'background', 'text', 'focus', 'agentBubble', 'citizenBubble'] as const satisfies readonly (keyof PersonaColours)[];

/** `#rrggbb` only: the value goes into CSS, so nothing but a plain colour may pass. */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** WCAG 2.x relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number): number => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two colours (1 to 21), unrounded. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text needs 4.5:1 (1.4.3); controls' boundaries and focus indicators 3:1 (1.4.11). */
export const TEXT_CONTRAST_MIN = 4.5;
export const CONTROL_CONTRAST_MIN = 3;

/** A pair of colours the widget draws one on the other, and the least contrast it needs. */
export interface ColourPair {
  id: string;
  foreground: keyof PersonaColours;
  background: keyof PersonaColours;
  minimum: number;
}

/**
 * Every pair the widget draws. The header's own focus ring is drawn in the brand text colour (so
 * the focus colour needs contrast against the background only), and the brand colour is also
 * used as text (status lines, secondary buttons) on the background.
 */
export const COLOUR_PAIRS: readonly ColourPair[] = [
  { id: 'text-on-background', foreground: 'text', background: 'background', minimum: TEXT_CONTRAST_MIN },
  { id: 'brand-text-on-brand', foreground: 'brandText', background: 'brand', minimum: TEXT_CONTRAST_MIN },
  { id: 'brand-on-background', foreground: 'brand', background: 'background', minimum: TEXT_CONTRAST_MIN },
  { id: 'text-on-agent-bubble', foreground: 'text', background: 'agentBubble', minimum: TEXT_CONTRAST_MIN },
  { id: 'text-on-citizen-bubble', foreground: 'text', background: 'citizenBubble', minimum: TEXT_CONTRAST_MIN },
  { id: 'focus-on-background', foreground: 'focus', background: 'background', minimum: CONTROL_CONTRAST_MIN },
];

/** A pair under its minimum: which, its ratio (rounded down to 2 decimals, as checkers show it). */
export interface ContrastProblem {
  pair: string;
  foreground: string;
  background: string;
  ratio: number;
  minimum: number;
}

/** Rounded down, so a pair shown as 4.50 is never one that fails at 4.4999. */
export const shownRatio = (ratio: number): number => Math.floor(ratio * 100) / 100;

/** Every pair under its minimum (colours that are not `#rrggbb` are reported by the schema, not here). */
export function colourProblems(colours: PersonaColours): ContrastProblem[] {
  return COLOUR_PAIRS.flatMap((pair) => {
    const foreground = colours[pair.foreground];
    const background = colours[pair.background];
    if (!HEX_COLOUR.test(foreground) || !HEX_COLOUR.test(background)) return [];
    const ratio = contrastRatio(foreground, background);
    return ratio < pair.minimum ? [{ pair: pair.id, foreground, background, ratio: shownRatio(ratio), minimum: pair.minimum }] : [];
  });
}

export function describeContrastProblem(problem: ContrastProblem): string {
  return `${problem.pair} (${problem.foreground} on ${problem.background}) is ${problem.ratio.toFixed(2)}:1; it needs ${problem.minimum}:1.`;
}

// ---- Fonts --------------------------------------------------------------------------------------

/** Generic families a stack must end with, so text shows even when no named font is installed. */
export const GENERIC_FONT_FAMILIES = ['system-ui', 'sans-serif', 'serif', 'monospace', 'ui-sans-serif', 'ui-serif'] as const;

/**
 * Whether a CSS font-family list is safe to put in a stylesheet: names of letters, digits, spaces
 * and hyphens, each bare or in double quotes, separated by commas, ending with a generic family.
 * Nothing else (no semicolon, brace, backslash, `url(`) can pass, so the value cannot escape its
 * declaration.
 */
export function isSafeFontStack(stack: string): boolean {
  if (stack.length === 0 || stack.length > 200) return false;
  const families = stack.split(',').map((family) => family.trim());
  if (!families.every((family) => /^(?:"[A-Za-z0-9 -]{1,60}"|-?[A-Za-z][A-Za-z0-9 -]{0,59})$/.test(family))) return false;
  return (GENERIC_FONT_FAMILIES as readonly string[]).includes(families[families.length - 1] ?? '');
}

// ---- Avatar -------------------------------------------------------------------------------------

/** Initials: one to three letters (any script), shown when no image is uploaded. */
export const AVATAR_INITIALS = /^\p{L}{1,3}$/u;

/** The image types an avatar may be (checked by their first bytes, never by a name or a header). */
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type AvatarType = (typeof AVATAR_TYPES)[number];
export const AVATAR_MAX_BYTES = 100 * 1024;

/** The type an image's first bytes say it is, or null (PNG, JPEG and WebP signatures). */
export function sniffImageType(bytes: Uint8Array): AvatarType | null {
  const starts = (signature: readonly number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}
