/**
 * The `/agent` namespace: what the agent console may send and what the server announces to it.
 * Connections are authenticated by the signed session cookie set at sign-in.
 */
import {
  PersonaGetSchema,
  PersonaSaveSchema,
  PersonaToneNotesSchema,
  type PersonaGet,
  type PersonaPreset,
  type PersonaSave,
  type PersonaToneNotes,
  type PersonaView,
} from './persona.js';
import { z } from 'zod';
import { PublicNameDecideSchema, PublicNameProposeSchema, type PublicNameDecide, type PublicNamePropose } from './public-name.js';
import {
  AccountCreateSchema,
  AccountRefSchema,
  AccountsListSchema,
  AccountUpdateSchema,
  ChangePasswordSchema,
  type AccountCreate,
  type AccountRef,
  type AccountsList,
  type AccountUpdate,
  type AccountView,
  type ChangePassword,
  type PasswordLinkView,
} from './accounts.js';
import {
  HistoryOpenSchema,
  HistorySearchSchema,
  type HistoryOpen,
  type HistoryOpenResult,
  type HistorySearch,
  type HistorySearchResult,
} from './history.js';
import { ReportQuerySchema, type ReportQuery, type ReportSummaryResult } from './reports.js';
import {
  QueueCreateSchema,
  QueuesListSchema,
  QueueUpdateSchema,
  SiteCheckOriginSchema,
  SiteCreateSchema,
  SitesListSchema,
  SiteUpdateSchema,
  type QueueAdminView,
  type QueueCreate,
  type QueuesList,
  type QueueUpdate,
  type SiteAdminView,
  type SiteCheckOrigin,
  type SiteCreate,
  type SiteOriginCheck,
  type SitesList,
  type SiteUpdate,
} from './admin.js';
import type { CannedAnswer, Note, TransferAgentTarget, TransferQueueTarget, WrapUpOutcome } from './agent-tools.js';
import { exactCommandSchemas } from './command-schemas.js';
import type { AckCallback } from './error-codes.js';
import { INBOX_PAGE_MAX, MESSAGES_PAGE_MAX, WRAP_UP_NOTE_MAX } from './limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from './message-text.js';
import type { RedactionKind } from './privacy.js';
import {
  type AgentConversation,
  type AgentProfile,
  AwayReasonSchema,
  CloseReasonSchema,
  type InboxItemView,
  type Message,
  SERVICE_CLOSE_REASONS,
  type QueueEntry,
  type Topic,
} from './models.js';
import {
  AgentSetLimitSchema,
  SupervisionChatsSchema,
  SupervisionSubscribeSchema,
  SupervisionWatchSchema,
  type AgentSetLimit,
  type SupervisedAgent,
  type SupervisionChange,
  type SupervisionChats,
  type SupervisionSnapshot,
  type SupervisionSubscribe,
  type SupervisionWatch,
} from './supervision.js';
import {
  AuditVerifySchema,
  type AuditVerificationView,
  type AuditVerify,
  RolloutAuditSchema,
  RolloutChangeRefSchema,
  RolloutEditSchema,
  RolloutProposeSchema,
  RolloutScheduleSchema,
  RolloutStateRequestSchema,
  type AuditEntryView,
  type RolloutAudit,
  type RolloutChanged,
  type RolloutChangeRef,
  type RolloutChangeView,
  type RolloutEdit,
  type RolloutPolicyView,
  type RolloutPropose,
  type RolloutSchedule,
  type RolloutState,
  type RolloutStateRequest,
} from './rollout.js';
import { ClientIdSchema, MessageTextSchema } from './visitor-events.js';
import {
  StaffingProjectionRequestSchema,
  StaffingSavePlanSchema,
  type StaffingPlanView,
  type StaffingProjectionRequest,
  type StaffingProjectionView,
  type StaffingSavePlan,
} from './staffing.js';
import {
  RolloutLiveSchema,
  RolloutPreviewSchema,
  type RolloutLive,
  type RolloutLiveResult,
  type RolloutPreview,
  type RolloutPreviewResult,
} from './rollout-offer.js';

/** Sent in the Socket.IO handshake (`auth`); the identity itself comes from the cookie. */
export const AgentHandshakeSchema = z.object({ protocolVersion: z.number().int() });

export const ConversationIdSchema = z.string().min(1).max(64);

/** `reason` says why the agent is away (optional); it goes with `away` only. */
export const AgentSetStatusSchema = z
  .object({ status: z.enum(['available', 'away']), reason: AwayReasonSchema.optional() })
  .refine((payload) => payload.status === 'away' || payload.reason === undefined, {
    message: 'A reason goes with "away" only.',
    path: ['reason'],
  });
export type AgentSetStatus = z.input<typeof AgentSetStatusSchema>;

export const ConversationRefSchema = z.object({ conversationId: ConversationIdSchema });
export type ConversationRef = z.input<typeof ConversationRefSchema>;

export const AgentMessageSendSchema = z.object({
  conversationId: ConversationIdSchema,
  clientId: ClientIdSchema,
  text: MessageTextSchema,
});
export type AgentMessageSend = z.input<typeof AgentMessageSendSchema>;

export const AgentMessagesSinceSchema = z.object({
  conversationId: ConversationIdSchema,
  afterSeq: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(MESSAGES_PAGE_MAX).optional(),
});
export type AgentMessagesSince = z.input<typeof AgentMessagesSinceSchema>;

export const AgentEndSchema = z.object({
  conversationId: ConversationIdSchema,
  // The visitor's own reason and the service's are not an agent's to give.
  reason: CloseReasonSchema.exclude(['visitor_ended', ...SERVICE_CLOSE_REASONS]).default('resolved'),
});
export type AgentEnd = z.input<typeof AgentEndSchema>;

/** Posts "Are you still there?" to the citizen, from the service, in the chat's language. */
export const AgentAskStillThereSchema = z.object({ conversationId: ConversationIdSchema, clientId: ClientIdSchema });
export type AgentAskStillThere = z.input<typeof AgentAskStillThereSchema>;

export const ConsoleSyncSchema = z.object({}).strict();
export type ConsoleSync = z.input<typeof ConsoleSyncSchema>;

/** Where a page of the inbox ends (`{time}.{id}`), as `inbox:list` answered it: the next page starts after it. */
export const InboxCursorSchema = z.string().regex(/^\d{1,16}\.[0-9a-f]{64}$/);

/** One page of the inbox, newest first; `before` to go on after the previous page. */
export const InboxListSchema = z.object({
  before: InboxCursorSchema.optional(),
  limit: z.number().int().positive().max(INBOX_PAGE_MAX).optional(),
});
export type InboxList = z.input<typeof InboxListSchema>;

/** Marks a left message answered, with a note of what was done (the message-text rule). */
export const InboxAnswerSchema = z.object({ itemId: z.string().regex(/^[0-9a-f]{64}$/), note: MessageTextSchema });
export type InboxAnswer = z.input<typeof InboxAnswerSchema>;
/** The agent is typing in a chat they hold (`true`, repeated while typing) or stopped (`false`). */
export const AgentTypingSchema = z.object({ conversationId: ConversationIdSchema, typing: z.boolean() });
export type AgentTyping = z.input<typeof AgentTypingSchema>;

/** An internal note on a chat: the message-text rule, and a client id so that a retry adds it once. */
export const NoteAddSchema = z.object({
  conversationId: ConversationIdSchema,
  clientId: ClientIdSchema,
  text: MessageTextSchema,
});
export type NoteAdd = z.input<typeof NoteAddSchema>;

export const CannedAnswersListSchema = z.object({}).strict();
export type CannedAnswersList = z.input<typeof CannedAnswersListSchema>;

/** An agent or queue id as a transfer names it. */
const TargetIdSchema = z.string().min(1).max(64);

/** Where a transfer sends a chat: another agent (signed in, Available, speaking its language, with room) or a queue of its language. */
export const TransferTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), agentId: TargetIdSchema }),
  z.object({ kind: z.literal('queue'), queueId: TargetIdSchema }),
]);
export type TransferTarget = z.input<typeof TransferTargetSchema>;

/**
 * Transfers a chat, with an optional note for the next agent (the message-text rule; agents only,
 * never sent to the citizen). The agent holding an active chat may transfer it; a supervisor or
 * manager may transfer any active or waiting chat (a reassignment).
 */
export const ConversationTransferSchema = z.object({
  conversationId: ConversationIdSchema,
  to: TransferTargetSchema,
  note: MessageTextSchema.optional(),
});
export type ConversationTransfer = z.input<typeof ConversationTransferSchema>;

/** A wrap-up note: the message-text rule, held to WRAP_UP_NOTE_MAX characters. */
export const WrapUpNoteSchema = z
  .string()
  .overwrite(normalizeMessageText)
  .refine((text) => !isBlankMessage(text), 'The note is empty.')
  .refine((text) => messageLength(text) <= WRAP_UP_NOTE_MAX, `A wrap-up note can have at most ${WRAP_UP_NOTE_MAX} characters.`);

/** Records the outcome of an ended chat the agent held (one of the store's outcome codes), with an optional note. */
export const ConversationWrapUpSchema = z.object({
  conversationId: ConversationIdSchema,
  outcome: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'outcome must be an outcome code.'),
  note: WrapUpNoteSchema.optional(),
});
export type ConversationWrapUp = z.input<typeof ConversationWrapUpSchema>;

/** The citizen of a chat this agent holds is typing, or stopped; forget it after a few seconds without news. */
export interface AgentTypingChanged {
  conversationId: string;
  typing: boolean;
}

/** Everything the console needs to draw itself after a (re)connection. */
export interface ConsoleSnapshot {
  agent: AgentProfile;
  topics: Topic[];
  /** Waiting conversations, in queue order within each queue. */
  queue: QueueEntry[];
  /**
   * Each queue's revision, read before the entries: a `queue:changed` with a revision above it may
   * already be in `queue`, and applying it again changes nothing.
   */
  queueRevisions: Record<string, number>;
  /** Conversations assigned to this agent and not closed, and ended ones whose wrap-up they still owe. */
  conversations: AgentConversation[];
  /** The outcomes a wrap-up may record, in the order to offer them. */
  wrapUpOutcomes: WrapUpOutcome[];
}

/**
 * One change to a queue: a chat joined it (with what the queue shows of it) or left it (accepted,
 * ended, moved). Revisions grow by one per change of a queue; a console that sees one skipped asks
 * `console:sync` again. Changes are applied by id and version, so one seen twice changes nothing.
 */
export type AgentQueueChange = { queueId: string; revision: number } & (
  | { kind: 'joined'; entry: QueueEntry }
  | { kind: 'left'; id: string; version: number }
);

/** Commands from the console. Each is acknowledged (see `Ack`). */
export interface AgentClientEvents {
  'console:sync': (payload: ConsoleSync, ack: AckCallback<ConsoleSnapshot>) => void;
  'agent:set-status': (payload: AgentSetStatus, ack: AckCallback<{ agent: AgentProfile }>) => void;
  'conversation:accept': (payload: ConversationRef, ack: AckCallback<{ conversation: AgentConversation }>) => void;
  'conversation:end': (payload: AgentEnd, ack: AckCallback<{ conversation: AgentConversation }>) => void;
  /** The message as stored and relayed, identifiers removed as from a citizen's; `redacted` names the kinds removed. */
  'message:send': (payload: AgentMessageSend, ack: AckCallback<{ message: Message; redacted: RedactionKind[] }>) => void;
  'messages:since': (
    payload: AgentMessagesSince,
    ack: AckCallback<{ conversation: AgentConversation; messages: Message[]; hasMore: boolean }>,
  ) => void;
  /** Messages left for the queues this agent serves (all, for supervisors and managers); `next` is null on the last page. */
  'inbox:list': (payload: InboxList, ack: AckCallback<{ items: InboxItemView[]; next: string | null }>) => void;
  'inbox:answer': (payload: InboxAnswer, ack: AckCallback<{ item: InboxItemView }>) => void;
  'conversation:ask-still-there': (payload: AgentAskStillThere, ack: AckCallback<{ message: Message }>) => void;
  /**
   * Fire and forget: the console sends it volatile and without an acknowledgement (see
   * delivery/typing.ts); the server answers only when asked, as for any command.
   */
  'typing:set': (payload: AgentTyping, ack?: AckCallback) => void;
  'note:add': (payload: NoteAdd, ack: AckCallback<{ note: Note }>) => void;
  'notes:list': (payload: ConversationRef, ack: AckCallback<{ notes: Note[] }>) => void;
  'canned-answers:list': (payload: CannedAnswersList, ack: AckCallback<{ cannedAnswers: CannedAnswer[] }>) => void;
  /** Supervisors and managers (protocol/supervision.ts): the live view, its chats, read-only watching, limits. */
  'supervision:subscribe': (payload: SupervisionSubscribe, ack: AckCallback<{ supervision: SupervisionSnapshot }>) => void;
  'supervision:chats': (payload: SupervisionChats, ack: AckCallback<{ chats: AgentConversation[]; total: number }>) => void;
  'supervision:watch': (payload: SupervisionWatch, ack: AckCallback<{ conversation: AgentConversation }>) => void;
  'supervision:unwatch': (payload: SupervisionWatch, ack: AckCallback) => void;
  'agent:set-limit': (payload: AgentSetLimit, ack: AckCallback<{ agent: SupervisedAgent }>) => void;
  /** Hands a chat to another agent or a queue (see ConversationTransferSchema); answers the chat as it is now. */
  'conversation:transfer': (payload: ConversationTransfer, ack: AckCallback<{ conversation: AgentConversation }>) => void;
  /** Who and where a chat may be transferred to now (at most TRANSFER_TARGETS_MAX agents, least busy first). */
  'agents:transfer-targets': (
    payload: ConversationRef,
    ack: AckCallback<{ agents: TransferAgentTarget[]; queues: TransferQueueTarget[] }>,
  ) => void;
  /** Records the outcome of an ended chat this agent owes a wrap-up for; a retry answers the same. */
  'conversation:wrap-up': (payload: ConversationWrapUp, ack: AckCallback<{ conversation: AgentConversation }>) => void;
  /** Managers (protocol/accounts.ts): every account, by display name (at most ACCOUNTS_MAX). */
  'admin:accounts:list': (payload: AccountsList, ack: AckCallback<{ accounts: AccountView[] }>) => void;
  /** Managers: a new account, and the one-time link its owner sets a password with (shown once). */
  'admin:accounts:create': (payload: AccountCreate, ack: AckCallback<{ account: AccountView; link: PasswordLinkView }>) => void;
  /** Managers: changes role, display name, languages, queues or limit, at once on every node. */
  'admin:accounts:update': (payload: AccountUpdate, ack: AckCallback<{ account: AccountView }>) => void;
  /** Managers: the account cannot sign in any more, its consoles close and its chats go back to the queue. */
  'admin:accounts:deactivate': (payload: AccountRef, ack: AckCallback<{ account: AccountView }>) => void;
  /** Managers: a new one-time link (the older one stops working). */
  'admin:accounts:reset-password': (payload: AccountRef, ack: AckCallback<{ account: AccountView; link: PasswordLinkView }>) => void;
  /** Managers: a deactivated account active again; its owner sets a new password through the link. */
  'admin:accounts:reactivate': (payload: AccountRef, ack: AckCallback<{ account: AccountView; link: PasswordLinkView }>) => void;
  /** Managers (protocol/admin.ts): every site, by id (at most SITES_MAX). */
  'admin:sites:list': (payload: SitesList, ack: AckCallback<{ sites: SiteAdminView[] }>) => void;
  /** Managers: registers a website (validated: origins, topics and their queues, hours, links). */
  'admin:sites:create': (payload: SiteCreate, ack: AckCallback<{ site: SiteAdminView }>) => void;
  /** Managers: changes some of a site's settings, at once on every node. */
  'admin:sites:update': (payload: SiteUpdate, ack: AckCallback<{ site: SiteAdminView }>) => void;
  /** Managers: would a new visitor on this page be offered the widget now, and if not, why. */
  'admin:sites:check-origin': (payload: SiteCheckOrigin, ack: AckCallback<{ check: SiteOriginCheck }>) => void;
  /** Managers: every queue, by id, with the active accounts that serve it. */
  'admin:queues:list': (payload: QueuesList, ack: AckCallback<{ queues: QueueAdminView[] }>) => void;
  /** Managers: a new queue, and (optionally) the accounts that serve it. */
  'admin:queues:create': (payload: QueueCreate, ack: AckCallback<{ queue: QueueAdminView }>) => void;
  /** Managers: changes a queue's names, language, mode or members (each member's account changes). */
  'admin:queues:update': (payload: QueueUpdate, ack: AckCallback<{ queue: QueueAdminView }>) => void;
  /** Everyone: the tone notes of a site's persona (how to write to its citizens), shown beside its chats. */
  'persona:tone-notes': (payload: PersonaToneNotes, ack: AckCallback<{ toneNotes: string }>) => void;
  /** Managers (protocol/persona.ts): a site's persona (the default when none is saved) and the presets. */
  'admin:persona:get': (payload: PersonaGet, ack: AckCallback<{ persona: PersonaView; presets: PersonaPreset[] }>) => void;
  /** Managers: saves a site's whole persona if still at `expectedVersion`, after the contrast and template checks. */
  'admin:persona:save': (payload: PersonaSave, ack: AckCallback<{ persona: PersonaView }>) => void;
  /** Everyone: changes their own password; their other sessions end. */
  'account:change-password': (payload: ChangePassword, ack: AckCallback) => void;
  /** Everyone: proposes their own public name (first name or alias); it waits for a manager (protocol/public-name.ts). */
  'account:propose-public-name': (payload: PublicNamePropose, ack: AckCallback<{ agent: AgentProfile }>) => void;
  /** Managers: approves or declines an account's pending public name (not their own). */
  'admin:accounts:decide-public-name': (payload: PublicNameDecide, ack: AckCallback<{ account: AccountView }>) => void;
  /** Supervisors and managers (protocol/rollout-offer.ts): what a visitor would be offered, and why, rule by rule. */
  'rollout:preview': (payload: RolloutPreview, ack: AckCallback<{ preview: RolloutPreviewResult }>) => void;
  /** Supervisors and managers: each site's capacity guards and today's exposure (one site, or all). */
  'rollout:live': (payload: RolloutLive, ack: AckCallback<{ live: RolloutLiveResult }>) => void;
  /**
   * Soft launch governance (protocol/rollout.ts; supervisors read, managers change). One site's
   * policy, pending and recent changes, schedule and latest audit entries; the connection then
   * hears `rollout:changed` whenever any site's changes.
   */
  'rollout:state': (payload: RolloutStateRequest, ack: AckCallback<{ state: RolloutState }>) => void;
  /** Managers: proposes a change; `policy` is the site's policy after it answered (changed when it applied at once). */
  'rollout:propose': (payload: RolloutPropose, ack: AckCallback<{ change: RolloutChangeView; policy: RolloutPolicyView }>) => void;
  /** The manager who proposed a pending change edits it; its approval is voided. */
  'rollout:edit': (payload: RolloutEdit, ack: AckCallback<{ change: RolloutChangeView }>) => void;
  /** Another manager approves a widening change; it applies then unless it has a time. */
  'rollout:approve': (payload: RolloutChangeRef, ack: AckCallback<{ change: RolloutChangeView; policy: RolloutPolicyView }>) => void;
  /** Any manager withdraws a pending change. */
  'rollout:withdraw': (payload: RolloutChangeRef, ack: AckCallback<{ change: RolloutChangeView }>) => void;
  /** Managers: scheduled steps of the site stop applying (pause) or apply again (resume; overdue ones apply then). */
  'rollout:pause-schedule': (payload: RolloutSchedule, ack: AckCallback<{ siteId: string; schedulePaused: boolean }>) => void;
  'rollout:resume-schedule': (payload: RolloutSchedule, ack: AckCallback<{ siteId: string; schedulePaused: boolean }>) => void;
  /**
   * A page of the audit log, newest first; `next` (the `before` of the next page) is null at the
   * start of the log. Supervisors get the rollout entries only, so a page may hold fewer than
   * `limit` entries and still have a `next`.
   */
  'rollout:audit': (payload: RolloutAudit, ack: AckCallback<{ entries: AuditEntryView[]; next: number | null }>) => void;
  /** Supervisors and managers: checks the audit log's hash chain (the newest AUDIT_VERIFY_MAX entries) and says where it breaks. */
  'audit:verify': (payload: AuditVerify, ack: AckCallback<{ verification: AuditVerificationView }>) => void;
  /** Supervisors and managers (protocol/staffing.ts): agents needed now and at each scheduled step, beside those planned. */
  'staffing:projection': (payload: StaffingProjectionRequest, ack: AckCallback<{ projection: StaffingProjectionView }>) => void;
  /** Managers: replaces a site's staffing plan (planned hours per weekday, service level, occupancy cap, shrinkage). */
  'staffing:save-plan': (payload: StaffingSavePlan, ack: AckCallback<{ plan: StaffingPlanView }>) => void;
  /** Supervisors and managers (protocol/history.ts): closed conversations by date range and filters, paged. */
  'history:search': (payload: HistorySearch, ack: AckCallback<HistorySearchResult>) => void;
  /** Supervisors and managers: one closed conversation read-only (messages, notes, wrap-up, transfers). */
  'history:open': (payload: HistoryOpen, ack: AckCallback<HistoryOpenResult>) => void;
  /** Supervisors and managers (protocol/reports.ts): a summary of a range of hours from the hourly rollup. */
  'reports:summary': (payload: ReportQuery, ack: AckCallback<ReportSummaryResult>) => void;
}

/** The schema that validates each console command; the server registers its handlers from this. */
export const AGENT_COMMAND_SCHEMAS = exactCommandSchemas<AgentClientEvents>()({
  'console:sync': ConsoleSyncSchema,
  'agent:set-status': AgentSetStatusSchema,
  'conversation:accept': ConversationRefSchema,
  'conversation:end': AgentEndSchema,
  'message:send': AgentMessageSendSchema,
  'messages:since': AgentMessagesSinceSchema,
  'inbox:list': InboxListSchema,
  'inbox:answer': InboxAnswerSchema,
  'conversation:ask-still-there': AgentAskStillThereSchema,
  'typing:set': AgentTypingSchema,
  'note:add': NoteAddSchema,
  'notes:list': ConversationRefSchema,
  'canned-answers:list': CannedAnswersListSchema,
  'supervision:subscribe': SupervisionSubscribeSchema,
  'supervision:chats': SupervisionChatsSchema,
  'supervision:watch': SupervisionWatchSchema,
  'supervision:unwatch': SupervisionWatchSchema,
  'agent:set-limit': AgentSetLimitSchema,
  'conversation:transfer': ConversationTransferSchema,
  'agents:transfer-targets': ConversationRefSchema,
  'conversation:wrap-up': ConversationWrapUpSchema,
  'admin:accounts:list': AccountsListSchema,
  'admin:accounts:create': AccountCreateSchema,
  'admin:accounts:update': AccountUpdateSchema,
  'admin:accounts:deactivate': AccountRefSchema,
  'admin:accounts:reset-password': AccountRefSchema,
  'admin:accounts:reactivate': AccountRefSchema,
  'admin:sites:list': SitesListSchema,
  'admin:sites:create': SiteCreateSchema,
  'admin:sites:update': SiteUpdateSchema,
  'admin:sites:check-origin': SiteCheckOriginSchema,
  'admin:queues:list': QueuesListSchema,
  'admin:queues:create': QueueCreateSchema,
  'admin:queues:update': QueueUpdateSchema,
  'persona:tone-notes': PersonaToneNotesSchema,
  'admin:persona:get': PersonaGetSchema,
  'admin:persona:save': PersonaSaveSchema,
  'account:change-password': ChangePasswordSchema,
  'account:propose-public-name': PublicNameProposeSchema,
  'admin:accounts:decide-public-name': PublicNameDecideSchema,
  'rollout:preview': RolloutPreviewSchema,
  'rollout:live': RolloutLiveSchema,
  'rollout:state': RolloutStateRequestSchema,
  'rollout:propose': RolloutProposeSchema,
  'rollout:edit': RolloutEditSchema,
  'rollout:approve': RolloutChangeRefSchema,
  'rollout:withdraw': RolloutChangeRefSchema,
  'rollout:pause-schedule': RolloutScheduleSchema,
  'rollout:resume-schedule': RolloutScheduleSchema,
  'rollout:audit': RolloutAuditSchema,
  'audit:verify': AuditVerifySchema,
  'staffing:projection': StaffingProjectionRequestSchema,
  'staffing:save-plan': StaffingSavePlanSchema,
  'history:search': HistorySearchSchema,
  'history:open': HistoryOpenSchema,
  'reports:summary': ReportQuerySchema,
});

/** Facts the server announces to consoles. */
export interface AgentServerEvents {
  /** A chat joined or left a queue this console shows. */
  'queue:changed': (change: AgentQueueChange) => void;
  /** A conversation this agent holds (or just lost, or that just closed, or whose wrap-up they owe, or watches read-only) changed. */
  'conversation:updated': (conversation: AgentConversation) => void;
  'message:created': (message: Message) => void;
  'agent:updated': (agent: AgentProfile) => void;
  /** Managers' consoles: an account changed (its settings, or its public name was proposed or decided). */
  'admin:account-changed': (account: AccountView) => void;
  /** The session behind this connection ended; the console should return to sign-in. */
  'session:ended': (reason: { code: 'session_expired' | 'signed_out' }) => void;
  /** A citizen left a message for a queue this console's inbox shows. */
  'inbox:item-created': (item: InboxItemView) => void;
  /** A message in this console's inbox was marked answered. */
  'inbox:item-updated': (item: InboxItemView) => void;
  /** Volatile: the citizen of a chat this agent holds is typing (or stopped). */
  'typing:changed': (typing: AgentTypingChanged) => void;
  /** A note was added to a chat this agent holds (or wrote it on, or watches). */
  'note:created': (note: Note) => void;
  /** Supervisors who subscribed: queues and agents that changed (at most one a second from each node). */
  'supervision:changed': (change: SupervisionChange) => void;
  /** Supervisors' and managers' consoles: a site's rollout policy, changes or schedule changed (ask `rollout:state`). */
  'rollout:changed': (change: RolloutChanged) => void;
}
