/**
 * The store: every piece of state the application keeps, behind small async interfaces so that
 * the in-memory store (the embedded default) and a Redis store can stand in for each other. Both
 * must pass `test/stores/store-contract.ts`.
 *
 * Methods that must be atomic across server nodes say so; everything else is a plain read or
 * write of one record. Records go in and come out as copies: changing a returned object never
 * changes what is stored.
 */
import type { Persona, PersonaAvatarImage } from '../domain/persona.js';
import type { AuditEntry } from '../domain/audit-log.js';
import type { RolloutChange } from '../domain/rollout-changes.js';
import type { RolloutPolicy } from '../domain/rollout-policy.js';
import type { StaffingPlan } from '../domain/staffing-plan.js';
import type { GuardState, QueueLoad } from '../domain/capacity-guard.js';
import type { ExposureCounts, ExposureHit } from '../domain/exposure.js';
import type { HandleTime } from '../domain/handle-time.js';
import type { ReportCell, ReportFact } from '../domain/reports.js';
import type { RatePolicy } from '../domain/rate-limit.js';
import type { PresenceFacts } from '../domain/visitor-presence.js';
import type { PostingCondition } from '../domain/conversation-lifecycle.js';
import type {
  Agent,
  AgentPresence,
  CannedAnswer,
  ChatMessage,
  Conversation,
  InboxItem,
  ConversationNote,
  MessageDraft,
  Queue,
  Session,
  Site,
  WrapUpOutcome,
} from '../domain/entities.js';

export interface SiteRepository {
  get(id: string): Promise<Site | null>;
  put(site: Site): Promise<void>;
  /** Adds the site unless one has its id already (atomic across nodes); false when it did not. */
  insert(site: Site): Promise<boolean>;
  /**
   * Compare-and-set, atomic across nodes: writes `next` only if the stored site (same id) is still
   * `expected` (as `get` read it); false when it changed meanwhile or is gone.
   */
  replace(next: Site, expected: Site): Promise<boolean>;
  list(): Promise<Site[]>;
}

/** The queues chats wait in, with their language and mode (a handful per deployment). */
export interface QueueRepository {
  get(id: string): Promise<Queue | null>;
  put(queue: Queue): Promise<void>;
  /** Adds the queue unless one has its id already (atomic across nodes); false when it did not. */
  insert(queue: Queue): Promise<boolean>;
  /** Compare-and-set, as for sites: writes `next` only if the stored queue is still `expected`. */
  replace(next: Queue, expected: Queue): Promise<boolean>;
  list(): Promise<Queue[]>;
}

export interface AgentRepository {
  get(id: string): Promise<Agent | null>;
  /** `email` is compared lower-case. */
  findByEmail(email: string): Promise<Agent | null>;
  /** Adds the account unless one has its email already (atomic); false when it did not. */
  insert(agent: Agent): Promise<boolean>;
  list(): Promise<Agent[]>;
  /**
   * Sets the account's chat limit, atomically: a concurrent change to another field of the record
   * is not lost (the version moves, so a `replace` read before it fails). Resolves with the account
   * as saved, or null when there is none.
   */
  setLimit(agentId: string, maxConcurrentChats: number): Promise<Agent | null>;
  /**
   * Compare-and-set, atomic across nodes: writes `next` (same id and email) only if the stored
   * account's version is still `expectedVersion` (`conflict` otherwise, or when there is none), and
   * refuses (`last_manager`) a write that would take away the last active manager: the stored one
   * is an active manager, `next` is not, and no other account is one (checked in the same step, so
   * two demotions at once cannot leave none).
   */
  replace(next: Agent, expectedVersion: number): Promise<AccountReplaceOutcome>;
}

export type AccountReplaceOutcome = 'saved' | 'conflict' | 'last_manager';

export interface SessionRepository {
  put(session: Session): Promise<void>;
  get(id: string): Promise<Session | null>;
  delete(id: string): Promise<void>;
}

export interface PresenceRepository {
  get(agentId: string): Promise<AgentPresence | null>;
  put(presence: AgentPresence): Promise<void>;
  /** Every agent's presence (agents number in the hundreds, not more). */
  list(): Promise<AgentPresence[]>;
  /** Records when an agent was last given a chat (kept apart from presence: no write races with it). */
  noteAssignment(agentId: string, at: number): Promise<void>;
  /** When each agent was last given a chat. */
  lastAssignments(): Promise<Map<string, number>>;
}

/**
 * A guard checked atomically with the write: the agent may hold at most `max` slots (their active
 * chats and the ended ones whose wrap-up they owe: `slotHolder` in server/domain/wrap-up.ts).
 */
export interface AgentCapacityGuard {
  agentId: string;
  max: number;
}

/**
 * A conversation joining or leaving a queue, recorded atomically with the write that caused it.
 * Every change to a queue adds one to its revision, so that whoever follows a queue through these
 * moves can tell when they missed one.
 */
export interface QueueMove {
  queueId: string;
  /** The queue's revision after this move. */
  revision: number;
  /** Where the conversation sorts in the queue (`queueScore`: lower is served first). */
  key: number;
  /** Its position right after joining (1 = next); null for a departure. */
  position: number | null;
}

export type InsertResult = { inserted: false } | { inserted: true; joined: QueueMove | null };

export type SaveResult =
  | { outcome: 'saved'; left: QueueMove | null; joined: QueueMove | null }
  | { outcome: 'conflict' }
  | { outcome: 'at_capacity' };

export type SaveOutcome = SaveResult['outcome'];

/** One change for `saveMany`. */
export interface ConversationChange {
  next: Conversation;
  previous: Conversation;
  capacity?: AgentCapacityGuard;
  group: string;
}

/** Where a queued conversation stands, and the revision of its queue when that was read. */
export interface QueuePlace {
  position: number;
  revision: number;
  key: number;
}

/** One entry of the closed-conversation index: which conversation, and when it closed. */
export interface ClosedEntry {
  id: string;
  closedAt: number;
}

/** Newest first: by close time, then id, both descending (the order of `closedBetween`). */
export function compareClosedEntries(a: ClosedEntry, b: ClosedEntry): number {
  return b.closedAt - a.closedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export interface ConversationRepository {
  /** Adds a new conversation (and, if queued, puts it in its queue); not inserted when the id exists. */
  insert(conversation: Conversation): Promise<InsertResult>;
  get(id: string): Promise<Conversation | null>;
  /**
   * Compare-and-set, atomic: writes `next` only if the stored record is still `previous` (same
   * version) and, when a capacity guard is given, the agent holds fewer than `max` other slots.
   * Keeps the queues, each agent's slots (`slotHolder`) and the wrap-ups owed in step with the
   * record, and says how the conversation moved between queues.
   */
  save(next: Conversation, previous: Conversation, capacity?: AgentCapacityGuard): Promise<SaveResult>;
  /**
   * Several saves as one atomic step, applied in order, each as `save` would. A change that fails
   * (conflict, at capacity) stops its `group`: the later changes of that group are `skipped`
   * (routing gives chats of one queue in order, never a later one past an earlier one).
   */
  saveMany(changes: readonly ConversationChange[]): Promise<Array<SaveResult | { outcome: 'skipped' }>>;
  /**
   * Every queued conversation (of one queue, when given), each queue in the order it is served;
   * with `limit`, only that many from the head of each queue (routing reads no further than the
   * chats it could place).
   */
  listQueued(queueId?: string, limit?: number): Promise<Conversation[]>;
  /**
   * How many slots each of these agents fills (the count the capacity guard uses): their active
   * chats and the ended ones whose wrap-up they still owe.
   */
  countActiveByAgent(agentIds: readonly string[]): Promise<Map<string, number>>;
  /** The conversation's place in its queue, read atomically with the queue's revision; null unless queued. */
  queuePlace(conversation: Pick<Conversation, 'id' | 'queueId'>): Promise<QueuePlace | null>;
  /** Every queue's revision (0 for a queue that never changed). */
  queueRevisions(): Promise<Record<string, number>>;
  /** How many chats wait in each queue that has any (queues with none are left out). */
  queueLengths(): Promise<Record<string, number>>;
  /**
   * For each queue that has chats waiting, the earliest `queuedAt` among them (the longest wait),
   * read without reading the chats: a few entries per queue, whatever its length.
   */
  oldestQueuedAt(): Promise<Record<string, number>>;
  /**
   * The conversations filling this agent's slots, oldest assignment first: active ones, and ended
   * ones whose wrap-up they still owe.
   */
  listActiveByAgent(agentId: string): Promise<Conversation[]>;
  /**
   * Ended conversations whose wrap-up is still owed and due at or before `at`, earliest due first,
   * at most `limit` (for the sweep that records them as not recorded).
   */
  wrapUpsDue(at: number, limit: number): Promise<Conversation[]>;
  /**
   * Deletes conversations closed before `cutoff` (epoch ms), with their messages and notes, for retention.
   * Returns how many went. Safe to run from several nodes at once.
   */
  deleteClosedBefore(cutoff: number): Promise<number>;
  /**
   * What the presence sweep reads of every conversation not closed: the queued ones (each queue in
   * order), then the active ones.
   */
  listOpen(): Promise<PresenceFacts[]>;
  /**
   * The closed-conversation index (kept in step by `save` as chats close, and by
   * `deleteClosedBefore`): entries closed from `from` to `to` (epoch ms, both inclusive), newest
   * first (by close time, then id, both descending), strictly after `after` in that order when
   * given, at most `limit`. Reads the index only, never the records.
   */
  closedBetween(from: number, to: number, after: ClosedEntry | null, limit: number): Promise<ClosedEntry[]>;
  /**
   * For each active conversation, since when its citizen has been silent (see
   * server/domain/visitor-presence.ts). Kept beside the record, not in it: it moves with every
   * message, and a write to the record per message would contend with compare-and-set. Starts at
   * the assignment (in `save`), moves forward with each new visitor or agent message (in `append`)
   * and with `noteActivity`, and goes when the chat stops being active.
   */
  idleSince(): Promise<Map<string, number>>;
  /** Moves the citizen's idle clock of an active conversation forward to `at` (never back); nothing otherwise. */
  noteActivity(conversationId: string, at: number): Promise<void>;
}

export type AppendResult =
  /** `created` false: a message with the same author kind and client id existed; nothing was added. */
  | { outcome: 'stored'; message: ChatMessage; created: boolean }
  /** The author's rate for this conversation was spent: nothing was added. */
  | { outcome: 'rate_limited' };

export type PostResult =
  | ({ conversation: Conversation } & AppendResult)
  /** The conversation does not meet the condition (or is not there, `conversation` null): nothing was added. */
  | { outcome: 'refused'; conversation: Conversation | null };

/**
 * A token bucket per conversation and author kind, checked in the same atomic step as the append,
 * so that opening more connections with one token does not multiply the rate, on any node.
 */
export interface AppendRate {
  policy: RatePolicy;
  now: number;
}

export interface MessageRepository {
  /**
   * Appends a message with the next sequence number of its conversation, atomically, unless one
   * with the same author kind and client id is already there (then returns that one, whatever the
   * rate: a retry is never refused). With `rate`, a new message first takes a token from its
   * author kind's bucket for this conversation, and is refused when there is none. A new message
   * whose author kind restarts the idle clock (`resetsIdleClock`) moves it to the message's
   * `sentAt` in the same step, when the conversation is active.
   */
  append(draft: MessageDraft, rate?: AppendRate): Promise<AppendResult>;
  /**
   * `append`, in the same atomic step as a check of the conversation against `condition`
   * (domain/conversation-lifecycle.ts): nothing is added unless it holds, so a chat closed or
   * taken over meanwhile refuses the message. Answers with the conversation as checked, so that a
   * message costs one trip to the store.
   */
  post(draft: MessageDraft, condition: PostingCondition, rate?: AppendRate): Promise<PostResult>;
  /** Messages with `seq > afterSeq`, in order, at most `limit`. */
  listAfter(conversationId: string, afterSeq: number, limit: number): Promise<ChatMessage[]>;
  /** Sequence number of the latest message, 0 when there is none. */
  lastSeq(conversationId: string): Promise<number>;
}

/**
 * Rate limits shared by every node (sign-in, and what a client could repeat by reconnecting):
 * token buckets by key. Buckets are forgotten only once full again, so an attacker cannot reset a
 * counter by filling the store with junk keys.
 */
export interface RateLimitRepository {
  /** Takes one token from bucket `key`, atomically; false when it has none left. */
  take(key: string, policy: RatePolicy, now: number): Promise<boolean>;
}

/** Where a page of the inbox ends: the next page holds items strictly older (by time, then id). */
export interface InboxCursor {
  createdAt: number;
  id: string;
}

/** Messages left when chat was not available. */
export interface InboxRepository {
  /** Adds the item unless one has its id already (atomic); false when it did. */
  insert(item: InboxItem): Promise<boolean>;
  get(id: string): Promise<InboxItem | null>;
  /** Compare-and-set, atomic: writes `next` only if the stored version is still `expectedVersion`. */
  save(next: InboxItem, expectedVersion: number): Promise<boolean>;
  /**
   * Items of these queues (null: of every queue), newest first (by time, then id, both
   * descending), after `before` when given, at most `limit`.
   */
  list(queueIds: readonly string[] | null, before: InboxCursor | null, limit: number): Promise<InboxItem[]>;
  /**
   * Deletes items answered before `cutoff` (epoch ms), for retention; unanswered ones stay. Returns
   * how many went. Safe to run from several nodes at once.
   */
  deleteAnsweredBefore(cutoff: number): Promise<number>;
}

/**
 * Counters that reports read later (abandoned chats per queue and day, for now). Names carry no
 * personal data; counters are never deleted by retention.
 */
export interface CounterRepository {
  /** Adds `by` (1 by default) to the counter, atomically. */
  add(name: string, by?: number): Promise<void>;
  /** The counters' values (0 for one never added to). */
  read(names: readonly string[]): Promise<Record<string, number>>;
}

/**
 * What waits rest on, per queue: recent handle times, kept as answered chats close (a short list
 * per queue, capped, so it costs the same after a year as after a day), and the wait inputs last
 * announced to the queue's citizens, so that nodes announce a change once between them.
 */
export interface WaitRepository {
  /** Adds a handle time to the queue's list and keeps only the latest `keep` (at least 1), atomically. */
  recordHandleTime(queueId: string, sample: HandleTime, keep: number): Promise<void>;
  /** The queue's kept handle times, the latest recorded first. */
  recentHandleTimes(queueId: string): Promise<HandleTime[]>;
  /**
   * Records `said` as the wait inputs last announced to the queue, atomically; true when they
   * differ from those recorded before (so the caller announces them), false when the same.
   */
  swapAnnounced(queueId: string, said: string): Promise<boolean>;
}

export type NoteAppendResult =
  /** `created` false: a note with the same client id (and author) was there; nothing was added. */
  | { outcome: 'stored'; note: ConversationNote; created: boolean }
  /** The conversation already holds `max` notes: nothing was added. */
  | { outcome: 'full' };

/** Who wrote a note, for its idempotency key: the agent, or '' for the service's own records. */
export function noteAuthorKey(note: ConversationNote): string {
  return note.kind === 'agent' ? note.agentId : '';
}

/** Internal notes on conversations, kept apart from the messages (the citizen never reads them). */
export interface NoteRepository {
  /**
   * Appends a note at the end of its conversation's notes, atomically, unless one with the same
   * client id and author is there (then answers that one, full or not); `full` when the
   * conversation already holds `max` notes or more.
   */
  append(note: ConversationNote, max: number): Promise<NoteAppendResult>;
  /** A conversation's notes, oldest first (deleted with the conversation by retention). */
  list(conversationId: string): Promise<ConversationNote[]>;
}

/** The order outcome codes are offered in: by position, then id. */
export function compareOutcomes(a: WrapUpOutcome, b: WrapUpOutcome): number {
  return a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The outcome codes of wrap-ups (a handful per deployment), edited by managers in administration. */
export interface WrapUpOutcomeRepository {
  put(outcome: WrapUpOutcome): Promise<void>;
  /** Every outcome, in the order to offer them (by position, then id). */
  list(): Promise<WrapUpOutcome[]>;
}

/** Canned answers (a few dozen per deployment), edited by managers. */
export interface CannedAnswerRepository {
  put(answer: CannedAnswer): Promise<void>;
  list(): Promise<CannedAnswer[]>;
}

/** Each site's rollout policy (soft launch); a site with none stored uses the default one. */
export interface RolloutPolicyRepository {
  get(siteId: string): Promise<RolloutPolicy | null>;
  /**
   * Compare-and-set, atomic: writes `next` only if the stored version is still `expectedVersion`
   * (0: only if none is stored yet). False when it moved.
   */
  save(next: RolloutPolicy, expectedVersion: number): Promise<boolean>;
  /**
   * Atomically, both or neither: saves `next` (compare-and-set as `save`) and the change that made
   * it (compare-and-set as `rolloutChanges.put`). So a due step applies exactly once across nodes:
   * the node whose commit lands moved the change from pending to applied; every other node's finds
   * the change (or the policy) moved and applies nothing.
   */
  saveWithChange(next: RolloutPolicy, expectedVersion: number, change: RolloutChange, expectedChangeVersion: number): Promise<PolicyCommit>;
}

/** What `saveWithChange` did: saved both, or neither because the policy or the change had moved. */
export type PolicyCommit = 'saved' | 'policy_moved' | 'change_moved';

/**
 * When a change becomes due, for the schedule's index: null unless it is pending and approved (or
 * needs no approval); else its time, or when it was proposed (as soon as allowed).
 */
export function changeReadyAt(change: RolloutChange): number | null {
  if (change.status !== 'pending' || (change.needsApproval && change.approvedBy === null)) return null;
  return change.applyAt ?? change.proposedAt;
}

/** Decided changes kept per site for the Rollout page (older ones live on in the audit log). */
export const DECIDED_CHANGES_KEPT = 100;

/** Rollout changes (proposals, approvals, scheduled steps) and each site's schedule switch. */
export interface RolloutChangeRepository {
  get(id: string): Promise<RolloutChange | null>;
  /**
   * Compare-and-set, atomic: writes the change only if its stored version is `expectedVersion`
   * (0: only if none is stored), and keeps its site's lists in step (pending, decided: the latest
   * DECIDED_CHANGES_KEPT) and the schedule's index (`changeReadyAt`). False when it moved.
   */
  put(change: RolloutChange, expectedVersion: number): Promise<boolean>;
  /** A site's pending changes, soonest first (by time, else by proposal), at most `limit`. */
  pending(siteId: string, limit: number): Promise<RolloutChange[]>;
  /** How many changes a site has pending. */
  pendingCount(siteId: string): Promise<number>;
  /** A site's latest decided changes (applied, withdrawn, failed), the last decided first, at most `limit`. */
  decided(siteId: string, limit: number): Promise<RolloutChange[]>;
  /** Changes of every site ready by `now` (`changeReadyAt` at or before it), soonest first, at most `limit`. */
  readyBy(now: number, limit: number): Promise<RolloutChange[]>;
  /** Pauses or resumes a site's schedule; true when that changed it. */
  setSchedulePaused(siteId: string, paused: boolean): Promise<boolean>;
  schedulePaused(siteId: string): Promise<boolean>;
}

/**
 * The audit log (server/domain/audit-log.ts): one hash chain for the whole deployment, append-only.
 * Appending is compare-and-set on the last entry, so that two nodes never chain to the same one.
 */
export interface AuditRepository {
  /** The last entry's sequence number and hash; null while the log is empty. */
  head(): Promise<Pick<AuditEntry, 'seq' | 'hash'> | null>;
  /**
   * Appends the entry, atomically, only if it follows the last one (its `seq` is one more, its
   * `previousHash` is that entry's hash; the first entry has seq 1). False when another came first.
   */
  append(entry: AuditEntry): Promise<boolean>;
  /** The entries from `fromSeq` to `toSeq` (inclusive) that exist, oldest first. */
  range(fromSeq: number, toSeq: number): Promise<AuditEntry[]>;
}

/**
 * A queue's capacity guard as last stepped (soft launch), with the load it looked at. Kept per site
 * and queue: each site's policy sets its own thresholds, and two sites may share a queue.
 */
export interface GuardRecord {
  siteId: string;
  queueId: string;
  state: GuardState;
  load: QueueLoad;
  /** When it was stepped. */
  at: number;
}

/** Each site's queues' capacity guards, shared by every node (each steps them; all read the same). */
export interface CapacityGuardRepository {
  /** Every guard record (one per site and queue). */
  list(): Promise<GuardRecord[]>;
  put(records: readonly GuardRecord[]): Promise<void>;
}

/**
 * Distinct visitors offered chat per site, day, page and language (server/domain/exposure.ts).
 * Redis counts with HyperLogLogs (estimates, about 0.8 % off); the memory store counts exactly.
 */
export interface ExposureRepository {
  /**
   * Counts the hits. A site's day counts at most `maxPages` distinct pages; the visitors of any
   * other page count under EXPOSURE_OTHER_PAGE. A day's counts are dropped `retentionMs` after its
   * last hit. Atomic per page: two nodes never count more than `maxPages` pages.
   */
  record(hits: readonly ExposureHit[], maxPages: number, retentionMs: number, now: number): Promise<void>;
  read(siteId: string, day: string): Promise<ExposureCounts>;
}

/**
 * Which conversation a visitor (a keyed hash of their rollout visitor id, per site) started, so
 * that the offer gives the widget back to someone in a conversation whatever the rules say now.
 */
export interface ConversingVisitorRepository {
  mark(visitorKey: string, conversationId: string, ttlMs: number, now: number): Promise<void>;
  conversationOf(visitorKey: string, now: number): Promise<string | null>;
}

/**
 * Each site's persona (its own record beside the site, so persona changes and site changes never
 * overwrite each other) and its one uploaded avatar image.
 */
export interface PersonaRepository {
  get(siteId: string): Promise<Persona | null>;
  /** Compare-and-set, atomic: writes `next` only if the stored version is still `expectedVersion` (0: none stored yet). */
  save(next: Persona, expectedVersion: number): Promise<boolean>;
  getAvatar(siteId: string): Promise<PersonaAvatarImage | null>;
  /** Replaces the site's avatar image (one per site bounds what uploads can make the store hold). */
  putAvatar(image: PersonaAvatarImage): Promise<void>;
}

/**
 * Hands out conversation reference numbers' sequence (server/domain/reference-number.ts): 1, 2,
 * 3…, each once in the deployment, atomically on every node (never reset, never reused, not even
 * after retention; a start that fails after taking one leaves a gap).
 */
export interface ReferenceRepository {
  next(): Promise<number>;
}

/** Each site's staffing plan (agents' planned hours and the projection's settings), one record a site. */
export interface StaffingPlanRepository {
  get(siteId: string): Promise<StaffingPlan | null>;
  /** Compare-and-set: writes `next` only if the stored version is still `expectedVersion` (0: none stored). False when it moved. */
  save(next: StaffingPlan, expectedVersion: number): Promise<boolean>;
}

/**
 * The reports' hourly rollup (server/domain/reports.ts): counters per scope (a site, or the
 * staffing samples' scope), UTC hour and dimension set, added to as facts happen and read by
 * range. Names carry no personal data; visitors are counted as keyed hashes (a HyperLogLog on
 * Redis keeps no element at all).
 */
export interface ReportRepository {
  /**
   * Adds the facts, atomically per scope and hour. A fact with a `visitorKey` counts only when
   * that visitor is new to its scope, hour, dimension set and figure. A scope's hour counts at most
   * `maxPages` distinct page groups; the facts of any other page count under REPORT_OTHER_PAGE. An
   * hour's counters are dropped `retentionMs` after its last write.
   */
  record(facts: readonly ReportFact[], maxPages: number, retentionMs: number, now: number): Promise<void>;
  /** The counters of a scope's hours from `fromHour` to `toHour` (both included), one cell per hour and dimension set, by hour. */
  read(scope: string, fromHour: number, toHour: number, now: number): Promise<ReportCell[]>;
  /**
   * Claims a marker for `ttlMs` (a chat's first response, a staffing minute), atomically across
   * nodes: true for the first claim, false while it stands.
   */
  claim(marker: string, ttlMs: number, now: number): Promise<boolean>;
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  readonly rateLimits: RateLimitRepository;
  readonly sites: SiteRepository;
  readonly queues: QueueRepository;
  readonly agents: AgentRepository;
  readonly sessions: SessionRepository;
  readonly presence: PresenceRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly inbox: InboxRepository;
  readonly counters: CounterRepository;
  readonly waits: WaitRepository;
  readonly notes: NoteRepository;
  readonly cannedAnswers: CannedAnswerRepository;
  readonly rolloutPolicies: RolloutPolicyRepository;
  readonly capacityGuards: CapacityGuardRepository;
  readonly exposure: ExposureRepository;
  readonly reports: ReportRepository;
  readonly conversingVisitors: ConversingVisitorRepository;
  readonly references: ReferenceRepository;
  readonly rolloutChanges: RolloutChangeRepository;
  readonly audit: AuditRepository;
  readonly wrapUpOutcomes: WrapUpOutcomeRepository;
  readonly staffingPlans: StaffingPlanRepository;
  readonly personas: PersonaRepository;
  /** Resolves when the store can serve requests; rejects otherwise (used by `/readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
