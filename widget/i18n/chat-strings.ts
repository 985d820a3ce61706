/**
 * Every string of the chat app, in English and French. Typed by the English entry, so a string
 * missing in French fails the type check. `{name}`-style holes are filled by `format`.
 */
import type { ErrorCode } from '../../protocol/error-codes.js';
import type { Language } from '../../protocol/languages.js';

export { format } from './format.js';

const en = {
  title: 'Chat with an agent',
  minimize: 'Minimize chat',
  switchLanguage: 'Français',
  switchLanguageLang: 'fr',
  privacyHeading: 'Before you start',
  privacyNotice:
    'An agent of {org} will answer you here. Please do not share personal identifiers such as your social insurance number, a card number or a health card number. Your messages are kept as a record of your request and protected under privacy law.',
  nameLabel: 'First name (optional)',
  nameHint: 'So the agent knows what to call you.',
  topicLegend: 'What is your question about?',
  topicRequired: 'Choose a topic to start the chat.',
  start: 'Start chat',
  starting: 'Starting the chat…',
  startFailed: 'The chat could not be started. Check your connection and try again.',
  loading: 'Loading…',
  waiting: 'You are number {position} in line. An agent will be with you soon.',
  waitingNext: 'You are next in line. An agent will be with you soon.',
  waitingHint: 'You can write your question now; the agent will see it.',
  connectedWith: 'You are chatting with {agent}.',
  agentJoined: '{agent} joined the chat.',
  agentTyping: '{agent} is typing…',
  reconnecting: 'Connection lost. Reconnecting… Your messages will be sent when it is back.',
  messagesLabel: 'Messages',
  you: 'You',
  agent: 'Agent',
  messageLabel: 'Your message',
  charactersLeft: '{count} characters left',
  tooLong: 'Your message is too long. Shorten it by {count} characters.',
  send: 'Send',
  sending: 'Sending…',
  notSent: 'Not sent.',
  retry: 'Try again',
  endChat: 'End chat',
  endConfirm: 'End this chat?',
  endYes: 'Yes, end chat',
  endNo: 'No, keep chatting',
  ended: 'This chat has ended.',
  endedByVisitor: 'You ended the chat.',
  endedByAgent: 'The agent ended the chat.',
  endedBySystem: 'The chat was ended by the service.',
  downloadTranscript: 'Download the transcript',
  transcriptFile: 'chat-transcript.txt',
  newChat: 'Start a new chat',
  unavailable: 'Chat is not available right now. Please try again later or use another way to contact us.',
} as const;

export type ChatStrings = Record<keyof typeof en, string>;

const fr: ChatStrings = {
  title: 'Clavarder avec un agent',
  minimize: 'Réduire le clavardage',
  switchLanguage: 'English',
  switchLanguageLang: 'en',
  privacyHeading: 'Avant de commencer',
  privacyNotice:
    "Un agent de {org} vous répondra ici. Veuillez ne pas communiquer d'identifiants personnels comme votre numéro d'assurance sociale, un numéro de carte ou un numéro de carte santé. Vos messages sont conservés comme trace de votre demande et protégés par la loi sur la protection des renseignements personnels.",
  nameLabel: 'Prénom (facultatif)',
  nameHint: "Pour que l'agent sache comment vous appeler.",
  topicLegend: 'Sur quoi porte votre question?',
  topicRequired: 'Choisissez un sujet pour commencer le clavardage.',
  start: 'Commencer le clavardage',
  starting: 'Démarrage du clavardage…',
  startFailed: "Le clavardage n'a pas pu commencer. Vérifiez votre connexion et réessayez.",
  loading: 'Chargement…',
  waiting: 'Vous êtes le numéro {position} dans la file. Un agent sera avec vous sous peu.',
  waitingNext: 'Vous êtes le prochain dans la file. Un agent sera avec vous sous peu.',
  waitingHint: "Vous pouvez écrire votre question maintenant; l'agent la verra.",
  connectedWith: 'Vous clavardez avec {agent}.',
  agentJoined: '{agent} a rejoint le clavardage.',
  agentTyping: '{agent} écrit…',
  reconnecting: 'Connexion perdue. Reconnexion… Vos messages seront envoyés dès son retour.',
  messagesLabel: 'Messages',
  you: 'Vous',
  agent: 'Agent',
  messageLabel: 'Votre message',
  charactersLeft: '{count} caractères restants',
  tooLong: 'Votre message est trop long. Raccourcissez-le de {count} caractères.',
  send: 'Envoyer',
  sending: 'Envoi…',
  notSent: 'Non envoyé.',
  retry: 'Réessayer',
  endChat: 'Terminer le clavardage',
  endConfirm: 'Terminer ce clavardage?',
  endYes: 'Oui, terminer',
  endNo: 'Non, continuer',
  ended: 'Ce clavardage est terminé.',
  endedByVisitor: 'Vous avez terminé le clavardage.',
  endedByAgent: "L'agent a terminé le clavardage.",
  endedBySystem: 'Le clavardage a été terminé par le service.',
  downloadTranscript: 'Télécharger la transcription',
  transcriptFile: 'transcription-clavardage.txt',
  newChat: 'Commencer un nouveau clavardage',
  unavailable:
    "Le clavardage n'est pas offert pour le moment. Veuillez réessayer plus tard ou nous joindre d'une autre façon.",
};

export const CHAT_STRINGS: Record<Language, ChatStrings> = { en, fr };

/** What a person is told for each error code; never the server's own message. */
export const ERROR_STRINGS: Record<Language, Partial<Record<ErrorCode, string>> & { fallback: string }> = {
  en: {
    invalid_payload: 'That could not be sent. Check your message and try again.',
    rate_limited: 'Too many attempts in a short time. Wait a moment and try again.',
    conversation_closed: 'This chat has ended. Start a new chat to keep talking.',
    chat_unavailable: en.unavailable,
    origin_not_allowed: en.unavailable,
    not_found: en.unavailable,
    client_outdated: 'This chat window is out of date. Reload the page to continue.',
    unavailable: 'The chat service is having trouble. Your message will be sent when it recovers.',
    fallback: 'Something went wrong. Please try again.',
  },
  fr: {
    invalid_payload: "Le message n'a pas pu être envoyé. Vérifiez-le et réessayez.",
    rate_limited: 'Trop de tentatives en peu de temps. Attendez un instant et réessayez.',
    conversation_closed: 'Ce clavardage est terminé. Commencez-en un nouveau pour continuer.',
    chat_unavailable: fr.unavailable,
    origin_not_allowed: fr.unavailable,
    not_found: fr.unavailable,
    client_outdated: 'Cette fenêtre de clavardage est périmée. Rechargez la page pour continuer.',
    unavailable: 'Le service de clavardage éprouve des difficultés. Votre message sera envoyé dès son rétablissement.',
    fallback: "Un problème est survenu. Veuillez réessayer.",
  },
};
