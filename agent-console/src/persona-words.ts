/**
 * The Persona page's words and the tone notes' label, in English and French (issue #10). Apart
 * from i18n.ts so the page's many labels stay together; typed by the English entry, so a word
 * missing in French fails the type check.
 */
import type { Language } from '../../protocol/languages.js';
import type { PersonaMessage, TemplateProblem } from '../../protocol/persona-rules.js';

type PreviewState = 'launcher' | 'prechat' | 'queued' | 'active' | 'ended' | 'closed' | 'busy';
export const PREVIEW_STATES: readonly PreviewState[] = ['launcher', 'prechat', 'queued', 'active', 'ended', 'closed', 'busy'];
export type { PreviewState };

const en = {
  toneNotesLabel: 'How to write to this site’s citizens',
  site: 'Site',
  loading: 'Loading…',
  preset: 'Start from a preset',
  applyPreset: 'Apply preset',
  presetApplied: (name: string) => `Colours and font of “${name}” applied. Save to keep them.`,
  identity: 'Name and avatar',
  nameEn: 'Name (English)',
  nameFr: 'Name (French)',
  nameHint: 'Shown in the chat’s header; leave empty for “Chat with an agent”.',
  initials: 'Initials (when no image)',
  avatarImage: 'Avatar image (PNG, JPEG or WebP, 100 KB at most)',
  uploading: 'Uploading…',
  uploaded: 'Image uploaded. Save to show it.',
  removeImage: 'Use initials instead of the image',
  texts: 'Greeting, sign-off and tone',
  greetingEn: 'Greeting (English)',
  greetingFr: 'Greeting (French)',
  signOffEn: 'Sign-off (English)',
  signOffFr: 'Sign-off (French)',
  toneNotes: 'Tone notes for agents (not shown to citizens)',
  look: 'Colours, font and launcher',
  colourHint: 'As #rrggbb. Text needs 4.5:1 against its background; the focus indicator 3:1.',
  colours: {
    brand: 'Brand colour (header, buttons)',
    brandText: 'Text on the brand colour',
    background: 'Background',
    text: 'Text',
    focus: 'Focus indicator',
    agentBubble: 'Agent’s messages',
    citizenBubble: 'Citizen’s messages',
  },
  pairs: {
    'text-on-background': 'Text on the background',
    'brand-text-on-brand': 'Text on the brand colour',
    'brand-on-background': 'Brand colour on the background',
    'text-on-agent-bubble': 'Text on the agent’s messages',
    'text-on-citizen-bubble': 'Text on the citizen’s messages',
    'focus-on-background': 'Focus indicator on the background',
  } as Record<string, string>,
  contrastProblem: (pair: string, ratio: string, minimum: number) => `${pair}: ${ratio}:1, under the ${minimum}:1 needed.`,
  notAColour: 'Give a colour as #rrggbb.',
  fontStack: 'Font stack',
  fontHint: 'Font names separated by commas, ending with a generic family such as sans-serif.',
  fontProblem: 'Use font names only (letters, digits, spaces, hyphens), ending with sans-serif, serif or system-ui.',
  launcherEn: 'Launcher label (English)',
  launcherFr: 'Launcher label (French)',
  corner: 'Launcher corner',
  corners: { 'bottom-right': 'Bottom right', 'bottom-left': 'Bottom left' },
  templates: 'Automated messages',
  templatesHint: (names: string) => `Placeholders each message may use are listed beside it: ${names}.`,
  messages: {
    welcome: 'Welcome (when the chat starts; may be empty)',
    queued: 'Next in line',
    position: 'Place in line',
    wait: 'Estimated wait',
    agentJoined: 'Agent joined',
    agentLeft: 'Agent left (connection lost)',
    transferred: 'Transferred to another agent',
    transferredQueue: 'Transferred to another team',
    closing: 'Chat ended',
    closedHours: 'Closed (outside hours)',
    busy: 'Busy',
    idleWarning: 'Inactivity warning',
  } satisfies Record<PersonaMessage, string>,
  allowed: (names: string) => `May use: ${names}`,
  required: (names: string) => `Must use: ${names}`,
  templateProblem: (problem: TemplateProblem, languageName: string) => {
    switch (problem.kind) {
      case 'empty':
        return `${languageName}: write this message.`;
      case 'unbalanced_brace':
        return `${languageName}: a brace does not close.`;
      case 'unknown_placeholder':
        return `${languageName}: {${problem.placeholder}} cannot be used in this message.`;
      case 'missing_placeholder':
        return `${languageName}: {${problem.placeholder}} is missing.`;
    }
  },
  languageNames: { en: 'English', fr: 'French' } satisfies Record<Language, string>,
  save: 'Save persona',
  saving: 'Saving…',
  saved: (version: number) => `Persona saved (version ${version}). The widget shows it within a few seconds.`,
  fixFirst: (count: number) => `Fix ${count === 1 ? 'the problem' : `the ${count} problems`} shown before saving.`,
  refused: (message: string) => `Not saved: ${message}`,
  preview: 'Preview',
  previewState: 'State shown',
  previewLanguage: 'Language shown',
  states: {
    launcher: 'Closed (launcher)',
    prechat: 'Before the chat',
    queued: 'Waiting in line',
    active: 'In a chat',
    ended: 'Ended',
    closed: 'Closed hours',
    busy: 'Busy',
  } satisfies Record<PreviewState, string>,
  sample: {
    agent: 'Alex',
    citizenMessage: { en: 'Hello, I have a question about my permit.', fr: 'Bonjour, j’ai une question sur mon permis.' },
    agentMessage: { en: 'Hello! I can help you with that.', fr: 'Bonjour! Je peux vous aider.' },
    wait: { en: 'about 5 minutes', fr: 'environ 5 minutes' },
    when: { en: 'in 2 minutes', fr: 'dans 2 minutes' },
    title: { en: 'Chat with an agent', fr: 'Clavarder avec un agent' },
    start: { en: 'Start chat', fr: 'Commencer le clavardage' },
    send: { en: 'Send', fr: 'Envoyer' },
    you: { en: 'You', fr: 'Vous' },
  },
};

export type PersonaWords = typeof en;

const fr: PersonaWords = {
  toneNotesLabel: 'Comment écrire aux citoyens de ce site',
  site: 'Site',
  loading: 'Chargement…',
  preset: 'Partir d’un modèle',
  applyPreset: 'Appliquer le modèle',
  presetApplied: (name) => `Couleurs et police de « ${name} » appliquées. Enregistrez pour les garder.`,
  identity: 'Nom et avatar',
  nameEn: 'Nom (anglais)',
  nameFr: 'Nom (français)',
  nameHint: 'Affiché dans l’en-tête du clavardage; laissez vide pour « Clavarder avec un agent ».',
  initials: 'Initiales (sans image)',
  avatarImage: 'Image d’avatar (PNG, JPEG ou WebP, 100 Ko au plus)',
  uploading: 'Téléversement…',
  uploaded: 'Image téléversée. Enregistrez pour l’afficher.',
  removeImage: 'Utiliser les initiales plutôt que l’image',
  texts: 'Accueil, formule de fin et ton',
  greetingEn: 'Accueil (anglais)',
  greetingFr: 'Accueil (français)',
  signOffEn: 'Formule de fin (anglais)',
  signOffFr: 'Formule de fin (français)',
  toneNotes: 'Notes de ton pour les agents (jamais montrées aux citoyens)',
  look: 'Couleurs, police et lanceur',
  colourHint: 'En #rrggbb. Le texte exige 4,5:1 sur son fond; l’indicateur de focus 3:1.',
  colours: {
    brand: 'Couleur de marque (en-tête, boutons)',
    brandText: 'Texte sur la couleur de marque',
    background: 'Fond',
    text: 'Texte',
    focus: 'Indicateur de focus',
    agentBubble: 'Messages de l’agent',
    citizenBubble: 'Messages du citoyen',
  },
  pairs: {
    'text-on-background': 'Texte sur le fond',
    'brand-text-on-brand': 'Texte sur la couleur de marque',
    'brand-on-background': 'Couleur de marque sur le fond',
    'text-on-agent-bubble': 'Texte sur les messages de l’agent',
    'text-on-citizen-bubble': 'Texte sur les messages du citoyen',
    'focus-on-background': 'Indicateur de focus sur le fond',
  },
  contrastProblem: (pair, ratio, minimum) => `${pair} : ${ratio.replace('.', ',')}:1, sous le ${String(minimum).replace('.', ',')}:1 exigé.`,
  notAColour: 'Donnez une couleur en #rrggbb.',
  fontStack: 'Pile de polices',
  fontHint: 'Noms de polices séparés par des virgules, finissant par une famille générique comme sans-serif.',
  fontProblem: 'N’utilisez que des noms de polices (lettres, chiffres, espaces, traits d’union), finissant par sans-serif, serif ou system-ui.',
  launcherEn: 'Libellé du lanceur (anglais)',
  launcherFr: 'Libellé du lanceur (français)',
  corner: 'Coin du lanceur',
  corners: { 'bottom-right': 'En bas à droite', 'bottom-left': 'En bas à gauche' },
  templates: 'Messages automatiques',
  templatesHint: (names) => `Les espaces réservés permis sont indiqués à côté de chaque message : ${names}.`,
  messages: {
    welcome: 'Bienvenue (au début du clavardage; peut être vide)',
    queued: 'Prochain dans la file',
    position: 'Place dans la file',
    wait: 'Attente estimée',
    agentJoined: 'Arrivée de l’agent',
    agentLeft: 'Départ de l’agent (connexion perdue)',
    transferred: 'Transfert à un autre agent',
    transferredQueue: 'Transfert à une autre équipe',
    closing: 'Fin du clavardage',
    closedHours: 'Fermé (hors des heures)',
    busy: 'Achalandé',
    idleWarning: 'Avertissement d’inactivité',
  },
  allowed: (names) => `Permis : ${names}`,
  required: (names) => `Obligatoires : ${names}`,
  templateProblem: (problem, languageName) => {
    switch (problem.kind) {
      case 'empty':
        return `${languageName} : écrivez ce message.`;
      case 'unbalanced_brace':
        return `${languageName} : une accolade n’est pas fermée.`;
      case 'unknown_placeholder':
        return `${languageName} : {${problem.placeholder}} ne peut pas servir dans ce message.`;
      case 'missing_placeholder':
        return `${languageName} : {${problem.placeholder}} manque.`;
    }
  },
  languageNames: { en: 'Anglais', fr: 'Français' },
  save: 'Enregistrer le persona',
  saving: 'Enregistrement…',
  saved: (version) => `Persona enregistré (version ${version}). Le widget l’affiche d’ici quelques secondes.`,
  fixFirst: (count) => `Corrigez ${count === 1 ? 'le problème indiqué' : `les ${count} problèmes indiqués`} avant d’enregistrer.`,
  refused: (message) => `Non enregistré : ${message}`,
  preview: 'Aperçu',
  previewState: 'État affiché',
  previewLanguage: 'Langue affichée',
  states: {
    launcher: 'Fermé (lanceur)',
    prechat: 'Avant le clavardage',
    queued: 'En file d’attente',
    active: 'En clavardage',
    ended: 'Terminé',
    closed: 'Hors des heures',
    busy: 'Achalandé',
  },
  sample: en.sample,
};

export const PERSONA_WORDS: Readonly<Record<Language, PersonaWords>> = { en, fr };
