/**
 * Every string the console shows, in both official languages. The French catalogue is typed by the
 * English one, so a missing or extra French string fails the type check.
 */
import type { Language } from '../../protocol/languages.js';
import type { AwayReason, CloseReason, Role } from '../../protocol/models.js';
import type { ConnectionState, ConsoleErrorCode, SelectableStatus } from './console-types.js';

const plural = (count: number, one: string, other: string): string => (count === 1 ? one : other);
/** French counts 0 and 1 as singular. */
const pluriel = (count: number, one: string, other: string): string => (count <= 1 ? one : other);
/** "de Marie" but "d'Alex": French elides before a vowel. */
const deName = (name: string): string => (/^[aeiouyàâäéèêëîïôöùûü]/i.test(name) ? `d’${name}` : `de ${name}`);
/** French puts a non-breaking space before a colon. */
const NBSP = '\u00a0';

const en = {
  productName: 'Chat console',
  loading: 'Loading…',

  signInHeading: 'Sign in',
  signInIntro: 'For contact centre staff. Use the email and password you were given.',
  email: 'Email',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signedOutNotice: 'You have signed out.',
  sessionEndedNotice: 'Your session has ended. Sign in again to continue.',
  outdated: 'This console is out of date. Reload the page to get the new version.',
  reload: 'Reload',
  signInMissing: 'Enter your email and your password.',
  signInErrors: {
    invalid_payload: 'Enter a valid email address and your password.',
    invalid_credentials: 'The email or password is not right.',
    rate_limited: 'Too many sign-in attempts. Wait a minute and try again.',
  } satisfies Partial<Record<ConsoleErrorCode, string>>,

  /** The language switch names the other language, in that language. */
  otherLanguageName: 'Français',
  otherLanguage: 'fr' as Language,
  signOut: 'Sign out',
  signedInAs: (name: string, role: string) => `${name}, ${role}`,
  roles: { agent: 'Agent', supervisor: 'Supervisor', manager: 'Manager' } satisfies Record<Role, string>,
  statusLegend: 'Your status',
  statuses: { available: 'Available', away: 'Away' } satisfies Record<SelectableStatus, string>,
  statusError: (reason: string) => `Your status was not changed. ${reason}`,
  connection: {
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
  } satisfies Record<ConnectionState, string>,

  queueHeading: 'Waiting chats',
  queueEmpty: 'No one is waiting.',
  visitor: 'Visitor',
  accept: 'Accept',
  acceptChatFrom: (name: string) => `Accept chat from ${name}`,
  accepting: 'Accepting…',
  topic: 'Topic',
  language: 'Language',
  page: 'Page',
  waiting: 'Waiting',
  languageNames: { en: 'English', fr: 'French' } satisfies Record<Language, string>,
  lessThanAMinute: 'less than a minute',
  acceptErrors: {
    conflict: 'Another agent took this chat.',
    at_capacity: 'You already have as many chats as you can take. End one before accepting another.',
    conversation_closed: 'This chat ended before you could accept it.',
    not_found: 'This chat is no longer waiting.',
  } satisfies Partial<Record<ConsoleErrorCode, string>>,

  myChatsHeading: 'My chats',
  myChatsEmpty: 'You have no chats open. Accept one from the waiting chats.',
  chatsOpen: (count: number, max: number) => `${count} of ${max} ${plural(max, 'chat', 'chats')} open`,
  unread: (count: number) => `${count} unread ${plural(count, 'message', 'messages')}`,
  endedTag: 'Ended',

  noChatSelected: 'Select one of your chats to read it and reply.',
  chatWith: (name: string) => `Chat with ${name}`,
  queuedAt: 'Waiting since',
  acceptedAt: 'Accepted at',
  waited: 'Waited',
  opensInNewTab: '(opens in a new tab)',
  messages: 'Messages',
  noMessagesYet: 'No messages yet.',
  you: 'You',
  agent: 'Agent',
  system: 'System',
  sending: 'Sending…',
  notSent: (reason: string) => `Not sent. ${reason}`,
  tryAgain: 'Try again',
  messageLabel: 'Message',
  composerHint: 'Enter sends; Shift+Enter starts a new line; / in an empty message opens the canned answers.',
  characterCount: (count: number, max: number) => `${count} of ${max} characters`,
  tooLong: (excess: number) => `Your message is ${excess} ${plural(excess, 'character', 'characters')} too long.`,
  send: 'Send',
  endChat: 'End chat',
  endDialogHeading: (name: string) => `End the chat with ${name}?`,
  endDialogText: 'The visitor will see that the chat has ended and will not be able to write in it.',
  reasonLegend: 'Reason',
  reasons: {
    resolved: 'Resolved',
    visitor_unresponsive: 'Visitor stopped responding',
    referred_elsewhere: 'Referred elsewhere',
    abusive: 'Abusive behaviour',
    visitor_ended: 'Ended by the visitor',
    abandoned: 'The visitor left before being answered',
    visitor_gone: 'The visitor left and did not come back',
    visitor_inactive: 'No activity from the visitor',
  } satisfies Record<CloseReason, string>,
  reasonIs: (reason: string) => `Reason: ${reason}.`,
  ending: 'Ending…',
  cancel: 'Cancel',
  endError: (reason: string) => `The chat was not ended. ${reason}`,
  chatEnded: 'This chat has ended',
  endedByVisitor: (name: string | null) => (name === null ? 'The visitor ended the chat.' : `${name} ended the chat.`),
  endedByYou: 'You ended the chat.',
  endedByAgent: 'An agent ended the chat.',
  endedBySystem: 'The chat service ended the chat.',
  close: 'Close',
  askStillThere: 'Ask if still there',
  askStillThereError: (reason: string) => `The question was not sent. ${reason}`,
  chatWindow: 'Chat window',
  chatWindowOpen: 'Open',
  chatWindowClosedSince: 'Closed since',
  idleWarnedClosesAt: 'Visitor warned; the chat closes at',

  announceWaiting: (name: string, topic: string) => `New chat waiting: ${name}, ${topic}.`,
  announceTakenAway: (name: string | null) =>
    name === null ? 'A chat with a visitor went back to the waiting chats.' : `The chat with ${name} went back to the waiting chats.`,
  announceAssigned: (name: string, topic: string) => `New chat given to you: ${name}, ${topic}.`,

  awayReasonLabel: 'Reason for being away',
  awayReasonNone: 'Not given',
  awayReasons: { break: 'Break', meal: 'Meal', meeting: 'Meeting', training: 'Training', other: 'Other' } satisfies Record<AwayReason, string>,

  alertsLegend: 'New chats',
  alertSound: 'Play a sound',
  allowNotifications: 'Allow desktop notifications',
  notificationsOn: 'Desktop notifications on',
  notificationsBlocked: 'Desktop notifications blocked in this browser',
  notificationWaiting: (topic: string) => `New chat waiting: ${topic}`,
  notificationAssigned: (topic: string) => `New chat for you: ${topic}`,

  visitorTyping: (name: string) => `${name} is typing…`,

  noteLabel: 'Note (not sent to the citizen)',
  noteField: 'Internal note',
  noteHint: 'Only agents see notes. Enter adds the note; Shift+Enter starts a new line.',
  addNote: 'Add note',
  addingNote: 'Adding…',
  noteError: (reason: string) => `The note was not added. ${reason}`,
  noteErrors: {
    at_capacity: 'This chat holds as many notes as it can.',
    forbidden: 'You can no longer add notes to this chat.',
  } satisfies Partial<Record<ConsoleErrorCode, string>>,
  languageSwitched: (to: Language) => `The visitor switched the chat to ${to === 'fr' ? 'French' : 'English'}.`,
  languageNotYours: (to: Language) =>
    `You do not chat in ${to === 'fr' ? 'French' : 'English'}, but the chat stays with you: carry on in a language you share with the visitor, or ask a supervisor for help.`,

  cannedAnswers: 'Canned answers',
  cannedSearch: 'Search canned answers',
  cannedHint: 'Up and Down choose; Enter puts the answer, in the chat’s language, in your message; Escape closes.',
  cannedNone: 'No canned answer matches.',

  errors: {
    invalid_payload: 'Check what you entered and try again.',
    payload_too_large: 'That is too long to send.',
    unauthenticated: 'Please sign in.',
    session_expired: 'Your session has ended. Sign in again.',
    invalid_credentials: 'The email or password is not right.',
    forbidden: 'You are not allowed to do that.',
    origin_not_allowed: 'Open the console from its own address.',
    not_found: 'That could not be found.',
    conflict: 'Something changed while you acted. Try again.',
    at_capacity: 'You already have as many chats as you can take.',
    conversation_closed: 'This chat has ended.',
    chat_unavailable: 'Chat is not available right now.',
    rate_limited: 'Too many attempts. Wait a moment and try again.',
    client_outdated: 'This console is out of date. Reload the page.',
    unavailable: 'The service is not available right now. Try again shortly.',
    internal: 'Something went wrong on our side. Try again.',
    timeout: 'The server did not answer in time. Try again.',
    disconnected: 'You are not connected. Wait for the connection to come back, then try again.',
    network: 'The server could not be reached. Check your connection and try again.',
  } satisfies Record<ConsoleErrorCode, string>,

  // The inbox: messages citizens left when chat was not available.
  sectionsLabel: 'Console sections',
  chatsSection: 'Chats',
  inboxSection: 'Inbox',
  inboxUnanswered: (count: number, more: boolean) => `${count}${more ? ' or more' : ''} unanswered`,
  inboxHeading: 'Left messages',
  inboxIntro: 'What citizens wrote when chat was not available, newest first.',
  inboxEmpty: 'No one has left a message.',
  loadOlder: 'Show older messages',
  statusNew: 'New',
  statusAnswered: 'Answered',
  receivedAt: 'Received',
  reference: 'Reference',
  emailTerm: 'Email',
  phoneTerm: 'Phone',
  noReplyDetails: 'No email or phone number given.',
  messageFrom: (name: string) => `Message from ${name}`,
  noMessageSelected: 'Select a message to read it.',
  answerNoteLabel: 'What was done',
  answerNoteHint: 'For example: called back, answered by email. It is kept with the message.',
  answerNoteMissing: 'Write what was done.',
  markAnswered: 'Mark as answered',
  markingAnswered: 'Saving…',
  answeredBy: (name: string, when: string) => `Answered by ${name}, ${when}.`,
  answerError: (reason: string) => `Not marked as answered. ${reason}`,
  answerErrors: {
    conflict: 'Someone else already answered this message.',
    forbidden: 'This message is for a queue you do not serve.',
  } satisfies Partial<Record<ConsoleErrorCode, string>>,
};

/** The shape every catalogue has: the English one's keys, with free text as `string` (typed unions such as `Language` kept). */
type Shape<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends string
    ? string extends T
      ? string
      : T
    : { [K in keyof T]: Shape<T[K]> };

export type Strings = Shape<typeof en>;

const fr: Strings = {
  productName: 'Console de clavardage',
  loading: 'Chargement…',

  signInHeading: 'Connexion',
  signInIntro: 'Réservé au personnel du centre de contact. Utilisez le courriel et le mot de passe qui vous ont été remis.',
  email: 'Courriel',
  password: 'Mot de passe',
  signIn: 'Se connecter',
  signingIn: 'Connexion en cours…',
  signedOutNotice: 'Votre session est fermée.',
  sessionEndedNotice: 'Votre session a pris fin. Reconnectez-vous pour continuer.',
  outdated: 'Cette console n’est plus à jour. Rechargez la page pour obtenir la nouvelle version.',
  reload: 'Recharger',
  signInMissing: 'Entrez votre courriel et votre mot de passe.',
  signInErrors: {
    invalid_payload: 'Entrez une adresse courriel valide et votre mot de passe.',
    invalid_credentials: 'Le courriel ou le mot de passe est incorrect.',
    rate_limited: 'Trop de tentatives de connexion. Attendez une minute et réessayez.',
  },

  otherLanguageName: 'English',
  otherLanguage: 'en',
  signOut: 'Se déconnecter',
  signedInAs: (name, role) => `${name}, ${role}`,
  roles: { agent: 'Agent', supervisor: 'Superviseur', manager: 'Gestionnaire' },
  statusLegend: 'Votre statut',
  statuses: { available: 'Disponible', away: 'Absent' },
  statusError: (reason) => `Votre statut n’a pas été changé. ${reason}`,
  connection: {
    connecting: 'Connexion…',
    connected: 'Connecté',
    reconnecting: 'Reconnexion…',
  },

  queueHeading: 'Clavardages en attente',
  queueEmpty: 'Personne n’attend.',
  visitor: 'Visiteur',
  accept: 'Accepter',
  acceptChatFrom: (name) => `Accepter le clavardage ${deName(name)}`,
  accepting: 'Acceptation…',
  topic: 'Sujet',
  language: 'Langue',
  page: 'Page',
  waiting: 'Attente',
  languageNames: { en: 'Anglais', fr: 'Français' },
  lessThanAMinute: 'moins d’une minute',
  acceptErrors: {
    conflict: 'Un autre agent a pris ce clavardage.',
    at_capacity: 'Vous avez déjà le nombre maximal de clavardages. Terminez-en un avant d’en accepter un autre.',
    conversation_closed: 'Ce clavardage a pris fin avant que vous puissiez l’accepter.',
    not_found: 'Ce clavardage n’est plus en attente.',
  },

  myChatsHeading: 'Mes clavardages',
  myChatsEmpty: 'Vous n’avez aucun clavardage ouvert. Acceptez-en un parmi les clavardages en attente.',
  chatsOpen: (count, max) => `${count} ${pluriel(count, 'clavardage ouvert', 'clavardages ouverts')} sur ${max}`,
  unread: (count) => `${count} ${pluriel(count, 'message non lu', 'messages non lus')}`,
  endedTag: 'Terminé',

  noChatSelected: 'Choisissez un de vos clavardages pour le lire et y répondre.',
  chatWith: (name) => `Clavardage avec ${name}`,
  queuedAt: 'En attente depuis',
  acceptedAt: 'Accepté à',
  waited: 'Attente',
  opensInNewTab: '(s’ouvre dans un nouvel onglet)',
  messages: 'Messages',
  noMessagesYet: 'Aucun message pour l’instant.',
  you: 'Vous',
  agent: 'Agent',
  system: 'Système',
  sending: 'Envoi…',
  notSent: (reason) => `Non envoyé. ${reason}`,
  tryAgain: 'Réessayer',
  messageLabel: 'Message',
  composerHint: 'Entrée envoie; Maj+Entrée ajoute une ligne; / dans un message vide ouvre les réponses préparées.',
  characterCount: (count, max) => `${count} caractères sur ${max}`,
  tooLong: (excess) => `Votre message a ${excess} ${pluriel(excess, 'caractère', 'caractères')} de trop.`,
  send: 'Envoyer',
  endChat: 'Terminer le clavardage',
  endDialogHeading: (name) => `Terminer le clavardage avec ${name}?`,
  endDialogText: 'Le visiteur verra que le clavardage est terminé et ne pourra plus y écrire.',
  reasonLegend: 'Raison',
  reasons: {
    resolved: 'Réglé',
    visitor_unresponsive: 'Le visiteur ne répond plus',
    referred_elsewhere: 'Dirigé vers un autre service',
    abusive: 'Comportement abusif',
    visitor_ended: 'Terminé par le visiteur',
    abandoned: 'Le visiteur est parti avant d’obtenir une réponse',
    visitor_gone: 'Le visiteur est parti et n’est pas revenu',
    visitor_inactive: 'Aucune activité du visiteur',
  },
  reasonIs: (reason) => `Raison${NBSP}: ${reason}.`,
  ending: 'Fin en cours…',
  cancel: 'Annuler',
  endError: (reason) => `Le clavardage n’a pas été terminé. ${reason}`,
  chatEnded: 'Ce clavardage est terminé',
  endedByVisitor: (name) => (name === null ? 'Le visiteur a mis fin au clavardage.' : `${name} a mis fin au clavardage.`),
  endedByYou: 'Vous avez mis fin au clavardage.',
  endedByAgent: 'Un agent a mis fin au clavardage.',
  endedBySystem: 'Le service de clavardage a mis fin au clavardage.',
  close: 'Fermer',
  askStillThere: 'Demander si la personne est toujours là',
  askStillThereError: (reason) => `La question n’a pas été envoyée. ${reason}`,
  chatWindow: 'Fenêtre de clavardage',
  chatWindowOpen: 'Ouverte',
  chatWindowClosedSince: 'Fermée depuis',
  idleWarnedClosesAt: 'Visiteur averti; le clavardage se ferme à',

  announceWaiting: (name, topic) => `Nouveau clavardage en attente${NBSP}: ${name}, ${topic}.`,
  announceTakenAway: (name) =>
    name === null
      ? 'Un clavardage avec un visiteur est retourné dans les clavardages en attente.'
      : `Le clavardage avec ${name} est retourné dans les clavardages en attente.`,
  announceAssigned: (name, topic) => `Nouveau clavardage pour vous${NBSP}: ${name}, ${topic}.`,

  awayReasonLabel: 'Raison de l’absence',
  awayReasonNone: 'Non précisée',
  awayReasons: { break: 'Pause', meal: 'Repas', meeting: 'Réunion', training: 'Formation', other: 'Autre' },

  alertsLegend: 'Nouveaux clavardages',
  alertSound: 'Jouer un son',
  allowNotifications: 'Autoriser les notifications de bureau',
  notificationsOn: 'Notifications de bureau activées',
  notificationsBlocked: 'Notifications de bureau bloquées dans ce navigateur',
  notificationWaiting: (topic) => `Nouveau clavardage en attente${NBSP}: ${topic}`,
  notificationAssigned: (topic) => `Nouveau clavardage pour vous${NBSP}: ${topic}`,

  visitorTyping: (name) => `${name} écrit…`,

  noteLabel: 'Note (non transmise au citoyen)',
  noteField: 'Note interne',
  noteHint: 'Seuls les agents voient les notes. Entrée ajoute la note; Maj+Entrée ajoute une ligne.',
  addNote: 'Ajouter la note',
  addingNote: 'Ajout…',
  noteError: (reason) => `La note n’a pas été ajoutée. ${reason}`,
  noteErrors: {
    at_capacity: 'Ce clavardage contient le nombre maximal de notes.',
    forbidden: 'Vous ne pouvez plus ajouter de notes à ce clavardage.',
  },
  languageSwitched: (to) => `Le visiteur a fait passer le clavardage ${to === 'fr' ? 'au français' : 'à l’anglais'}.`,
  languageNotYours: (to) =>
    `Vous ne clavardez pas en ${to === 'fr' ? 'français' : 'anglais'}, mais le clavardage reste avec vous${NBSP}: continuez dans une langue que vous partagez avec le visiteur, ou demandez l’aide d’un superviseur.`,

  cannedAnswers: 'Réponses préparées',
  cannedSearch: 'Chercher une réponse préparée',
  cannedHint: 'Haut et Bas choisissent; Entrée met la réponse, dans la langue du clavardage, dans votre message; Échap ferme.',
  cannedNone: 'Aucune réponse préparée ne correspond.',

  errors: {
    invalid_payload: 'Vérifiez ce que vous avez saisi et réessayez.',
    payload_too_large: 'C’est trop long pour être envoyé.',
    unauthenticated: 'Veuillez vous connecter.',
    session_expired: 'Votre session a pris fin. Reconnectez-vous.',
    invalid_credentials: 'Le courriel ou le mot de passe est incorrect.',
    forbidden: 'Vous n’avez pas l’autorisation de faire cela.',
    origin_not_allowed: 'Ouvrez la console à partir de sa propre adresse.',
    not_found: 'Introuvable.',
    conflict: 'Quelque chose a changé pendant votre action. Réessayez.',
    at_capacity: 'Vous avez déjà le nombre maximal de clavardages.',
    conversation_closed: 'Ce clavardage est terminé.',
    chat_unavailable: 'Le clavardage n’est pas offert en ce moment.',
    rate_limited: 'Trop de tentatives. Attendez un moment et réessayez.',
    client_outdated: 'Cette console n’est plus à jour. Rechargez la page.',
    unavailable: 'Le service n’est pas disponible en ce moment. Réessayez sous peu.',
    internal: 'Un problème est survenu de notre côté. Réessayez.',
    timeout: 'Le serveur n’a pas répondu à temps. Réessayez.',
    disconnected: 'Vous n’êtes pas connecté. Attendez le retour de la connexion, puis réessayez.',
    network: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
  },

  sectionsLabel: 'Sections de la console',
  chatsSection: 'Clavardages',
  inboxSection: 'Boîte de réception',
  inboxUnanswered: (count, more) => `${count}${more ? ' ou plus' : ''} sans réponse`,
  inboxHeading: 'Messages laissés',
  inboxIntro: 'Ce que les citoyens ont écrit quand le clavardage n’était pas offert, du plus récent au plus ancien.',
  inboxEmpty: 'Personne n’a laissé de message.',
  loadOlder: 'Afficher les messages plus anciens',
  statusNew: 'Nouveau',
  statusAnswered: 'Répondu',
  receivedAt: 'Reçu',
  reference: 'Référence',
  emailTerm: 'Courriel',
  phoneTerm: 'Téléphone',
  noReplyDetails: 'Aucun courriel ni numéro de téléphone.',
  messageFrom: (name) => `Message laissé par ${name}`,
  noMessageSelected: 'Choisissez un message pour le lire.',
  answerNoteLabel: 'Ce qui a été fait',
  answerNoteHint: `Par exemple${NBSP}: rappel fait, réponse par courriel. La note est conservée avec le message.`,
  answerNoteMissing: 'Écrivez ce qui a été fait.',
  markAnswered: 'Marquer comme répondu',
  markingAnswered: 'Enregistrement…',
  answeredBy: (name, when) => `Répondu par ${name}, ${when}.`,
  answerError: (reason) => `Non marqué comme répondu. ${reason}`,
  answerErrors: {
    conflict: 'Quelqu’un a déjà répondu à ce message.',
    forbidden: 'Ce message est destiné à une file que vous ne servez pas.',
  },
};

export const catalogues: Readonly<Record<Language, Strings>> = { en, fr };

/** The error text for a code, preferring a context's own wording when it has one. */
export function errorText(strings: Strings, code: ConsoleErrorCode, overrides?: Partial<Record<ConsoleErrorCode, string>>): string {
  return overrides?.[code] ?? strings.errors[code];
}
