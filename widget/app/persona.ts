/**
 * The site's persona in the chat app, as data (issue #10): its colours and font become CSS custom
 * properties (each value checked again here: only `#rrggbb` and a safe font stack reach the
 * stylesheet), and its templates stand in for the app's own texts of the automated messages, in the
 * chat's language. A site without a persona (or a server before personas) keeps the app's texts.
 */
import type { Language } from '../../protocol/languages.js';
import type { WidgetPersona } from '../../protocol/persona.js';
import { HEX_COLOUR, isSafeFontStack, type PersonaMessage } from '../../protocol/persona-rules.js';
import type { ChatStrings } from '../i18n/chat-strings.js';

/** Which of the app's strings each template replaces. */
const REPLACES: Partial<Record<PersonaMessage, keyof ChatStrings>> = {
  queued: 'waitingNext',
  position: 'waiting',
  wait: 'waitEstimate',
  agentJoined: 'connectedWith',
  agentLeft: 'returned',
  transferred: 'transferredAgent',
  transferredQueue: 'transferredQueue',
  closing: 'ended',
  closedHours: 'reasonOutsideHours',
  busy: 'reasonBusy',
  idleWarning: 'idleText',
};

/** The persona's colour for each custom property of styles.css. */
const PROPERTIES = {
  '--brand': 'brand',
  '--brand-dark': 'brand',
  '--brand-text': 'brandText',
  '--bg': 'background',
  '--text': 'text',
  '--focus': 'focus',
  '--agent-bg': 'agentBubble',
  '--visitor-bg': 'citizenBubble',
} as const;

/** The app's strings with the persona's templates and name in place (`{persona}` filled now). */
export function personaStrings(t: ChatStrings, persona: WidgetPersona | undefined, language: Language): ChatStrings {
  if (persona === undefined) return t;
  const name = persona.name[language] || t.title;
  const strings = { ...t, title: name };
  for (const [message, key] of Object.entries(REPLACES) as Array<[PersonaMessage, keyof ChatStrings]>) {
    const template = persona.templates[message]?.[language];
    if (template) strings[key] = template.split('{persona}').join(name);
  }
  return strings;
}

/** Sets the persona's look on the page (nothing for a value that is not a plain colour or a safe stack). */
export function applyPersonaLook(persona: WidgetPersona | undefined, root: HTMLElement = document.documentElement): void {
  if (persona === undefined) return;
  for (const [property, key] of Object.entries(PROPERTIES) as Array<[string, keyof WidgetPersona['colours']]>) {
    const value = persona.colours[key];
    if (HEX_COLOUR.test(value)) root.style.setProperty(property, value);
  }
  if (isSafeFontStack(persona.fontStack)) root.style.setProperty('--font', persona.fontStack);
}

/** A text of the persona in the chat's language, `{persona}` filled (empty when none). */
export function personaText(persona: WidgetPersona | undefined, text: 'greeting' | 'signOff' | 'welcome', language: Language, title: string): string {
  if (persona === undefined) return '';
  const value = text === 'welcome' ? persona.templates.welcome?.[language] : persona[text][language];
  return (value ?? '').split('{persona}').join(persona.name[language] || title);
}
