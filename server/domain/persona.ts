/**
 * A site's persona (issue #10): the presets a manager starts from, the default a site without a
 * persona shows (the neutral preset and the widget's own texts, so nothing changes for it), and
 * everything that makes a persona acceptable beyond its shape: contrast of every colour pair the
 * widget draws, the placeholders of every template in both languages, a safe font stack, initials.
 * The maths and template rules themselves are protocol/persona-rules.ts (the console uses them too).
 */
import type { Bilingual, Language } from '../../protocol/languages.js';
import type { PersonaFields, PersonaPreset, WidgetPersona } from '../../protocol/persona.js';
import {
  AVATAR_INITIALS,
  colourProblems,
  describeContrastProblem,
  describeTemplateProblem,
  isSafeFontStack,
  templateProblems,
  type PersonaColours,
  type PersonaTemplates,
} from '../../protocol/persona-rules.js';

export { colourProblems, contrastRatio, relativeLuminance, templateProblems } from '../../protocol/persona-rules.js';

/** A site's persona as stored: the fields, and who saved which version when. */
export interface Persona extends PersonaFields {
  siteId: string;
  /** Compare-and-set: 1 for the first save; 0 stands for "none saved yet". */
  version: number;
  updatedAt: number;
  updatedBy: string | null;
}

/** An uploaded avatar image, one per site (a new upload replaces it), named by its SHA-256. */
export interface PersonaAvatarImage {
  siteId: string;
  imageHash: string;
  contentType: string;
  /** The image's bytes in base64 (at most AVATAR_MAX_BYTES before encoding). */
  base64: string;
  uploadedAt: number;
}

const SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** The pilot's own look (the widget's colours before personas), with a focus colour that passes 3:1. */
const NEUTRAL_COLOURS: PersonaColours = {
  brand: '#1d3a5f',
  brandText: '#ffffff',
  background: '#ffffff',
  text: '#1f2328',
  // The widget's earlier #f2a900 was 2.0:1 on white, under 1.4.11's 3:1.
  focus: '#a35200',
  agentBubble: '#f3f4f6',
  citizenBubble: '#e7eef7',
};

/**
 * Presets. Values are the design systems' published tokens:
 *  - Government of Canada: GC Design System tokens, cds-snc/gcds-tokens,
 *    build/web/css/global/color.css (--gcds-bg-primary #26374a, --gcds-text-light #ffffff,
 *    --gcds-bg-white #ffffff, --gcds-text-primary #333333, --gcds-focus-background #0535d2,
 *    --gcds-bg-light #f1f2f3, --gcds-disabled-background #d6d9dd) and its font family
 *    ("Noto Sans" for body text), https://design-system.alpha.canada.ca/en/styles/colour/.
 *  - Ontario Design System: ongov/ontario-design-system,
 *    packages/ontario-design-system-design-tokens/tokens/colour/base.js (greyscale black #1A1A1A,
 *    white #FFFFFF, system focus #009ADB, greyscale5 #F2F2F2, accent light blue #DBE9F5) and its
 *    body font ("Open Sans"), https://designsystem.ontario.ca/.
 * Each passes every pair of COLOUR_PAIRS (test/domain/persona.test.ts).
 */
export const PERSONA_PRESETS: readonly PersonaPreset[] = [
  {
    id: 'neutral',
    label: { en: 'Neutral', fr: 'Neutre' },
    source: 'The pilot’s own look',
    colours: NEUTRAL_COLOURS,
    fontStack: SYSTEM_FONTS,
  },
  {
    id: 'canada',
    label: { en: 'Government of Canada (GC Design System)', fr: 'Gouvernement du Canada (Système de design GC)' },
    source: 'GC Design System tokens (cds-snc/gcds-tokens)',
    colours: {
      brand: '#26374a',
      brandText: '#ffffff',
      background: '#ffffff',
      text: '#333333',
      focus: '#0535d2',
      agentBubble: '#f1f2f3',
      citizenBubble: '#d6d9dd',
    },
    fontStack: '"Noto Sans", sans-serif',
  },
  {
    id: 'ontario',
    label: { en: 'Ontario Design System', fr: 'Système de conception de l’Ontario' },
    source: 'Ontario Design System tokens (ongov/ontario-design-system)',
    colours: {
      brand: '#1a1a1a',
      brandText: '#ffffff',
      background: '#ffffff',
      text: '#1a1a1a',
      focus: '#009adb',
      agentBubble: '#f2f2f2',
      citizenBubble: '#dbe9f5',
    },
    fontStack: '"Open Sans", "Helvetica Neue", Helvetica, Arial, sans-serif',
  },
];

/**
 * The widget's own texts for its automated messages (widget/i18n/chat-strings.ts; a test holds
 * them equal), so a site with no persona reads exactly what it did before.
 */
export const DEFAULT_TEMPLATES: PersonaTemplates = {
  welcome: { en: '', fr: '' },
  queued: { en: 'You are next in line.', fr: 'Vous êtes le prochain dans la file.' },
  position: { en: 'You are number {position} in line.', fr: 'Vous êtes le numéro {position} dans la file.' },
  wait: { en: 'Estimated wait: {wait}.', fr: 'Attente estimée\u00a0: {wait}.' },
  agentJoined: { en: 'You are chatting with {agent}.', fr: 'Vous clavardez avec {agent}.' },
  agentLeft: {
    en: "The agent's connection was lost, so your chat went back to the front of the line.",
    fr: "La connexion de l'agent a été perdue; votre clavardage est revenu en tête de file.",
  },
  transferred: {
    en: 'Your chat was transferred to another agent. You are now chatting with {agent}.',
    fr: 'Votre clavardage a été transféré à un autre agent. Vous clavardez maintenant avec {agent}.',
  },
  transferredQueue: { en: 'Your chat was transferred to another team.', fr: 'Votre clavardage a été transféré à une autre équipe.' },
  closing: { en: 'This chat has ended.', fr: 'Ce clavardage est terminé.' },
  closedHours: { en: 'Chat is closed at this time.', fr: 'Le clavardage est fermé en ce moment.' },
  busy: {
    en: 'So many people are waiting that a new chat would wait too long. Please try again later or use another way to reach us.',
    fr: "Tant de personnes attendent qu'un nouveau clavardage attendrait trop longtemps. Veuillez réessayer plus tard ou nous joindre d'une autre façon.",
  },
  idleWarning: { en: 'This chat will close {when} for lack of activity.', fr: "Ce clavardage se fermera {when} faute d'activité." },
};

/** The persona of a site that has none saved: the neutral preset and the widget's own texts. */
export function defaultPersonaFields(): PersonaFields {
  const neutral = PERSONA_PRESETS[0]!;
  return {
    name: { en: '', fr: '' },
    avatar: { kind: 'initials', initials: '' },
    greeting: { en: '', fr: '' },
    signOff: { en: '', fr: '' },
    toneNotes: '',
    colours: { ...neutral.colours },
    fontStack: neutral.fontStack,
    launcherLabel: { en: 'Chat with us', fr: 'Clavarder avec nous' },
    corner: 'bottom-right',
    templates: structuredClone(DEFAULT_TEMPLATES),
  };
}

export function defaultPersona(siteId: string): Persona {
  return { siteId, version: 0, updatedAt: 0, updatedBy: null, ...defaultPersonaFields() };
}

/** Everything wrong with a persona's fields, each said in a sentence naming the field (empty: fine). */
export function personaProblems(fields: PersonaFields): string[] {
  const problems = [
    ...colourProblems(fields.colours).map((problem) => `Colour pair ${describeContrastProblem(problem)}`),
    ...templateProblems(fields.templates).map(describeTemplateProblem),
  ];
  if (!isSafeFontStack(fields.fontStack)) {
    problems.push('The font stack must be font names (letters, digits, spaces, hyphens; quoted or not) separated by commas, ending with a generic family such as sans-serif.');
  }
  if (fields.avatar.kind === 'initials' && fields.avatar.initials !== '' && !AVATAR_INITIALS.test(fields.avatar.initials)) {
    problems.push('Initials are one to three letters.');
  }
  return problems;
}

/** The address the chat host serves a site's avatar image at (the hash makes it cacheable for good). */
export function avatarPath(siteId: string, imageHash: string): string {
  return `/chat/avatar/${siteId}/${imageHash}`;
}

/** What the chat app gets: the public part (tone notes stay in the console). */
export function widgetPersona(persona: PersonaFields & { siteId: string }): WidgetPersona {
  return {
    name: persona.name,
    avatar: persona.avatar.kind === 'image' ? { kind: 'image', url: avatarPath(persona.siteId, persona.avatar.imageHash) } : persona.avatar,
    greeting: persona.greeting,
    signOff: persona.signOff,
    colours: persona.colours,
    fontStack: persona.fontStack,
    templates: persona.templates,
  };
}

/** The loader's part: the launcher's label in the page's language and in both (for a page in neither), and its corner. */
export function launcherLook(persona: PersonaFields, language: Language): { label: string; labels: Bilingual; corner: PersonaFields['corner'] } {
  return { label: persona.launcherLabel[language], labels: { ...persona.launcherLabel }, corner: persona.corner };
}
