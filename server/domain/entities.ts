/**
 * The records the application keeps. Times are epoch milliseconds; the wire uses ISO strings
 * (see `server/services/views.ts`). Secrets are kept only as hashes.
 */
import type { BusinessHours, OtherWay, SelfServiceLink } from '../../protocol/hours.js';
import type { Bilingual, Language } from '../../protocol/languages.js';
import type { PrivacyNotice, SiteQuickExit, SiteRedaction } from '../../protocol/privacy.js';
import type { SurveyAnswers } from '../../protocol/survey.js';
import type { PasswordLink } from './password-links.js';
import type { PublicNameState } from './public-name.js';
import type {
  AgentStatus,
  AwayReason,
  CloseReason,
  Closer,
  ConversationStatus,
  Role,
} from '../../protocol/models.js';

/** A website that embeds the widget. */
export interface Site {
  id: string;
  name: Bilingual;
  /** Origins allowed to embed the widget; `'self'` means the chat host itself (the demo page). */
  allowedOrigins: string[];
  /** Master switch for the site: when false, the launcher is not offered. */
  chatEnabled: boolean;
  topics: SiteTopic[];
  /** When chat is open, in the site's time zone; null: always (sites stored before hours existed). */
  hours: BusinessHours | null;
  /** Other ways to reach the service, shown when chat is not available. */
  otherWays: OtherWay[];
  /** Pages where citizens can help themselves, shown when chat is not available. */
  selfService: SelfServiceLink[];
  /**
   * Identifiers removed from messages besides those always removed (server/domain/redaction.ts).
   * Absent (sites stored before privacy settings): none.
   */
  redaction?: SiteRedaction;
  /** The collection notice citizens read before a chat and at any time during it; absent or null: the widget's general one. */
  privacyNotice?: PrivacyNotice | null;
  /** Leaving the page at once for people at risk; absent: off. */
  quickExit?: SiteQuickExit;
}

export interface SiteTopic {
  id: string;
  label: Bilingual;
  /** The queue chats on this topic wait in, for each language a citizen may choose. */
  queues: Record<Language, string>;
}

/**
 * Where chats wait for an agent. A queue serves one language. In `automatic` mode the server gives
 * each chat to an agent (routing.ts); in `agents_pick` mode agents who serve the queue pick from it.
 */
export interface Queue {
  id: string;
  name: Bilingual;
  language: Language;
  mode: QueueMode;
}

export type QueueMode = 'automatic' | 'agents_pick';

/** An account in the console: agent, supervisor or manager. */
export interface Agent {
  id: string;
  /** Lower-case; unique. */
  email: string;
  displayName: string;
  role: Role;
  /** scrypt hash (password-hasher.ts); '' until the account's owner sets a password through a link. */
  passwordHash: string;
  maxConcurrentChats: number;
  /** The languages the agent chats in. */
  languages: Language[];
  /** The queues the agent serves: takes chats from (automatic) or picks from (agents pick). */
  queueIds: string[];
  createdAt: number;
  /** A deactivated account cannot sign in, and its sessions have ended (accounts.ts). */
  active: boolean;
  /** Sessions opened under another epoch are over: it moves at deactivation and when the password changes. */
  sessionEpoch: number;
  /** The latest one-time link to set the password (only its secret's hash); null when none is pending. */
  passwordLink: PasswordLink | null;
  /**
   * The first name or alias citizens see, and its owner's latest proposal (public-name.ts). Absent
   * on accounts from before public names: none (citizens read "an agent").
   */
  publicName?: PublicNameState;
  /** Incremented on every change by a manager or its owner; stores save only if it has not moved. */
  version: number;
}

/** Whether an agent is taking chats. Kept apart from the account so it can change often. */
export interface AgentPresence {
  agentId: string;
  status: AgentStatus;
  since: number;
  /** When the agent's last console connection (on any node) closed; null while connected. */
  disconnectedAt: number | null;
  /** Why the agent is away, when they said; absent otherwise (and in records older than reasons). */
  awayReason?: AwayReason;
}

/** A signed-in console session. The cookie carries the id, signed. */
export interface Session {
  id: string;
  agentId: string;
  createdAt: number;
  /** The session ends at this time unless use renews it. */
  expiresAt: number;
  lastSeenAt: number;
  /** The account's `sessionEpoch` when it was opened: the session ends once the account's moves on. */
  epoch: number;
}

/** One chat between a citizen and (once accepted) an agent. */
export interface Conversation {
  id: string;
  siteId: string;
  queueId: string;
  topicId: string;
  language: Language;
  visitorName: string | null;
  pageUrl: string;
  pageTitle: string | null;
  /** SHA-256 of the secret that identifies the visitor; the secret itself is never stored. */
  visitorTokenHash: string;
  status: ConversationStatus;
  createdAt: number;
  /** When it (last) entered the queue. */
  queuedAt: number;
  /** Higher waits less: chats given back by an agent who dropped go to the head of the queue. */
  queuePriority: number;
  agentId: string | null;
  assignedAt: number | null;
  closedAt: number | null;
  closedBy: Closer | null;
  closeReason: CloseReason | null;
  /** Incremented on every change; stores save only if it has not moved (compare-and-set). */
  version: number;
  /**
   * When the citizen's last connection (on any node) closed; null while one is open. Kept on the
   * record (one write per departure and return, not per message) so the agent hears of it in order.
   */
  visitorLeftAt: number | null;
  /** When the citizen was warned that the chat would close for inactivity; null when not warned. */
  idleWarnedAt: number | null;
  /** When that warning said the chat would close; null when not warned. */
  idleClosesAt: number | null;
  /** How many times it was transferred (server/domain/transfer.ts), for the bound and for reports. */
  transfers: number;
  /**
   * The latest transfer, while the chat is where it put it or was routed from there; null when
   * never transferred, or once an agent who dropped gave it back to the queue.
   */
  lastTransfer: TransferRecord | null;
  /**
   * Once a chat an agent held has ended: the wrap-up that agent owes (the chat takes one of their
   * slots until it is recorded or due), then what they recorded (kept for reports). Null for a
   * chat that ended unanswered. See server/domain/wrap-up.ts.
   */
  wrapUp: WrapUp | null;
  /**
   * When an agent first got it (kept through a requeue, which clears `assignedAt`), for reports:
   * answered or abandoned, time to answer, handle time. Absent until then (and in older records).
   */
  firstAssignedAt?: number;
  /**
   * Whether the citizen's browser was in another time zone than the site's when the chat started
   * (reports: new audiences). Absent when the browser sent none or the site has no hours; the
   * zone's name itself is never kept.
   */
  outsideSiteZone?: boolean;
  /**
   * What the citizen quotes on the phone and staff search History by (`K7M-4QX`,
   * server/domain/reference-number.ts), given when the chat starts, unique in the deployment.
   * Conversations stored before reference numbers read with the first 8 characters of their id.
   */
  reference: string;
  /** The citizen's answers to the survey after the chat (server/domain/survey.ts); null until answered, once. */
  survey: SurveyRecord | null;
}

/** The survey as answered, and when. */
export interface SurveyRecord extends SurveyAnswers {
  answeredAt: number;
}

/** A conversation's latest transfer. */
export interface TransferRecord {
  kind: 'agent' | 'queue';
  at: number;
  /** Who transferred it: the agent holding it, or a supervisor or manager (a reassignment). */
  byAgentId: string;
  /** The agent who held it then; null when it was waiting in a queue. */
  fromAgentId: string | null;
}

/** What the agent who held a chat owes once it has ended, and then records. */
export interface WrapUp {
  /** When it is due: then it is recorded as NOT_RECORDED (wrap-up.ts) and the slot frees by itself. */
  dueAt: number;
  /** The outcome code recorded; null while owed. */
  outcome: string | null;
  note: string | null;
  recordedAt: number | null;
}

/** An outcome code agents record at wrap-up, in both languages (a short list, kept in the store). */
export interface WrapUpOutcome {
  id: string;
  label: Bilingual;
  /** Where it is offered in the list (lower first). */
  position: number;
}

export type AuthorKind = 'visitor' | 'agent' | 'system';

export interface MessageAuthor {
  kind: AuthorKind;
  /** The agent's id for agent messages; null otherwise. */
  agentId: string | null;
  /** Shown to the other side: the visitor's given name or the agent's display name (consoles only, for agents). */
  name: string | null;
  /**
   * For agent messages: the public name the citizen saw when it was sent (public-name.ts); null
   * (and absent on messages from before public names): the generic "an agent".
   */
  publicName?: string | null;
}

/** A stored message. `seq` is assigned by the store, 1, 2, 3… within its conversation. */
export interface ChatMessage {
  id: string;
  conversationId: string;
  seq: number;
  /** Generated by the sender; a retry with the same id returns the stored message. */
  clientId: string;
  author: MessageAuthor;
  text: string;
  sentAt: number;
}

/** What a service hands the store to append; the store adds `seq`. */
export type MessageDraft = Omit<ChatMessage, 'seq'>;

export type InboxStatus = 'new' | 'answered';

/** A message a citizen left when chat was not available, for agents to answer later. */
export interface InboxItem {
  id: string;
  /** Short and unambiguous, for the citizen to quote (for example `7K3P-Q2XD`). */
  reference: string;
  siteId: string;
  /** The queue a chat on this topic and language would have waited in: who may read it. */
  queueId: string;
  topicId: string;
  language: Language;
  visitorName: string | null;
  /** How the citizen wants an answer, if at all. */
  email: string | null;
  phone: string | null;
  text: string;
  /** The page it was left from, without query or fragment. */
  pageUrl: string;
  createdAt: number;
  status: InboxStatus;
  answeredAt: number | null;
  /** The agent who marked it answered. */
  answeredBy: string | null;
  /** What was done, for the record (a call back, an email sent). */
  answerNote: string | null;
  /** Incremented on every change; stores save only if it has not moved (compare-and-set). */
  version: number;
}

/** What every entry of a conversation's notes has. */
interface NoteBase {
  id: string;
  conversationId: string;
  /** Made by the writer; a retry with the same id (and author) returns the stored note. */
  clientId: string;
  createdAt: number;
}

/** A note an agent wrote on a chat: for agents only, kept apart from the messages. */
export interface AgentNote extends NoteBase {
  kind: 'agent';
  agentId: string;
  authorName: string;
  text: string;
}

/** The record that the citizen switched the chat's language. */
export interface LanguageSwitchNote extends NoteBase {
  kind: 'language-switched';
  from: Language;
  to: Language;
}

/**
 * The record of a transfer, with the note the transferring agent left for the next one. Its author
 * key is the service's (''): `byAgentId`, not `agentId`, names who made it.
 */
export interface TransferNote extends NoteBase {
  kind: 'transferred';
  byAgentId: string;
  byName: string;
  /** The agent who held the chat then; null when it was waiting. */
  fromAgentId: string | null;
  fromName: string | null;
  to: { kind: 'agent'; agentId: string; name: string } | { kind: 'queue'; queueId: string; name: Bilingual };
  text: string | null;
}

/** One entry of a conversation's internal notes: never shown to the citizen. */
export type ConversationNote = AgentNote | LanguageSwitchNote | TransferNote;

/** A prepared answer in both languages; agents insert it in the chat's language. */
export interface CannedAnswer {
  id: string;
  title: Bilingual;
  text: Bilingual;
}
