/**
 * The embedded default store: everything in this process's memory, gone when it stops. Each
 * method runs to completion without yielding between its check and its write, which is what makes
 * the compare-and-set and the append atomic here.
 */
import { isDeepStrictEqual } from 'node:util';
import { isActiveManager, removesActiveManager } from '../domain/accounts.js';
import { GENESIS_HASH, type AuditEntry } from '../domain/audit-log.js';
import type { RolloutChange } from '../domain/rollout-changes.js';
import type { RolloutPolicy } from '../domain/rollout-policy.js';
import type { StaffingPlan } from '../domain/staffing-plan.js';
import type { Persona, PersonaAvatarImage } from '../domain/persona.js';
import { EXPOSURE_OTHER_PAGE, sortPages } from '../domain/exposure.js';
import { HOUR_MS, REPORT_OTHER_PAGE, dimsKey, hourOf, parseDims, type ReportCell } from '../domain/reports.js';

import type { HandleTime } from '../domain/handle-time.js';
import { compareQueueOrder, queueScore } from '../domain/queue-order.js';
import { millisecondsUntilFull, takeToken, type RatePolicy, type TokenBucket } from '../domain/rate-limit.js';
import { presenceFacts, resetsIdleClock } from '../domain/visitor-presence.js';
import { meetsPostingCondition } from '../domain/conversation-lifecycle.js';
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
import { owesWrapUp, slotHolder } from '../domain/wrap-up.js';
import {
  changeReadyAt,
  compareOutcomes,
  DECIDED_CHANGES_KEPT,
  noteAuthorKey,
  type AgentCapacityGuard,
  type AppendRate,
  type GuardRecord,
  type AppendResult,
  type InsertResult,
  type NoteAppendResult,
  type PolicyCommit,
  type QueueMove,
  type RateLimitRepository,
  type SaveResult,
  type Store,
  compareClosedEntries,
  type ClosedEntry,
} from './store.js';
import { plainCopy } from './plain-copy.js';

/** One scope's hour of report counters (memory store). */
interface ReportHour {
  cells: Map<string, Map<string, number>>;
  pages: Set<string>;
  visitors: Map<string, Set<string>>;
  expiresAt: number;
}

const copy = plainCopy;
const copyOrNull = <T>(value: T | undefined): T | null => (value === undefined ? null : copy(value));
/** Ids in the order Redis lists members of equal score: byte order. */
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface MessageLog {
  messages: ChatMessage[];
  byClientKey: Map<string, ChatMessage>;
  /** Append rate buckets by author kind. */
  rates: Map<string, TokenBucket>;
}

/** Full buckets are forgotten on every this-many takes (a full bucket is the same as none). */
const FORGET_FULL_BUCKETS_EVERY = 1000;

/** Token buckets in a Map. A bucket is dropped only once full again, so junk keys cannot evict a live one. */
function createMemoryRateLimits(): RateLimitRepository {
  const buckets = new Map<string, { bucket: TokenBucket; fullAt: number }>();
  let takes = 0;
  return {
    take: async (key: string, policy: RatePolicy, now: number) => {
      if (++takes % FORGET_FULL_BUCKETS_EVERY === 0) {
        for (const [candidate, entry] of buckets) if (entry.fullAt <= now) buckets.delete(candidate);
      }
      const { allowed, bucket } = takeToken(buckets.get(key)?.bucket, policy, now);
      buckets.set(key, { bucket, fullAt: now + millisecondsUntilFull(bucket, policy) });
      return allowed;
    },
  };
}

/** Newest first: later time first, then the greater id (the order Redis lists equal scores in, reversed). */
function compareNewestFirst(a: Pick<InboxItem, 'createdAt' | 'id'>, b: Pick<InboxItem, 'createdAt' | 'id'>): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function createMemoryStore(): Store {
  const sites = new Map<string, Site>();
  const queueConfigs = new Map<string, Queue>();
  const agents = new Map<string, Agent>();
  const agentIdByEmail = new Map<string, string>();
  const sessions = new Map<string, Session>();
  const presence = new Map<string, AgentPresence>();
  const lastAssignments = new Map<string, number>();
  const conversations = new Map<string, Conversation>();
  const messageLogs = new Map<string, MessageLog>();
  const inboxItems = new Map<string, InboxItem>();
  const handleTimes = new Map<string, HandleTime[]>();
  const announcedWaits = new Map<string, string>();
  const notes = new Map<string, ConversationNote[]>();
  const cannedAnswers = new Map<string, CannedAnswer>();
  const rolloutPolicies = new Map<string, RolloutPolicy>();
  const staffingPlans = new Map<string, StaffingPlan>();
  const personas = new Map<string, Persona>();
  const avatars = new Map<string, PersonaAvatarImage>();
  const capacityGuards = new Map<string, GuardRecord>();
  /** `{siteId}|{day}` → that day's visitor keys, in all, per language and per page; and when it expires. */
  const exposure = new Map<string, { total: Set<string>; en: Set<string>; fr: Set<string>; pages: Map<string, Set<string>>; expiresAt: number }>();
  const conversing = new Map<string, { conversationId: string; until: number }>();
  /** `{scope}|{hour}` → that hour's counters by dimension set, its page groups, its distinct visitors (by dims and figure), and when it expires. */
  const reportHours = new Map<string, ReportHour>();
  const reportClaims = new Map<string, number>();
  /** When expired report hours and claims were last dropped (at most once a minute: a sweep per write would cost more than the write). */
  let reportsSweptAt = -Infinity;
  const sweepReports = (now: number) => {
    if (now - reportsSweptAt < 60_000) return;
    reportsSweptAt = now;
    for (const [key, hour] of reportHours) if (hour.expiresAt <= now) reportHours.delete(key);
    for (const [marker, until] of reportClaims) if (until <= now) reportClaims.delete(marker);
  };
  const rolloutChanges = new Map<string, RolloutChange>();
  /** Each site's decided change ids, the last decided first (at most DECIDED_CHANGES_KEPT). */
  const decidedChanges = new Map<string, string[]>();
  const pausedSchedules = new Set<string>();
  const auditLog: AuditEntry[] = [];
  const wrapUpOutcomes = new Map<string, WrapUpOutcome>();

  /** Appends a message (see MessageRepository.append); synchronous, so `post` checks and appends in one step. */
  function appendMessage(draft: MessageDraft, rate?: AppendRate): AppendResult {
    let log = messageLogs.get(draft.conversationId);
    if (log === undefined) {
      log = { messages: [], byClientKey: new Map(), rates: new Map() };
      messageLogs.set(draft.conversationId, log);
    }
    const clientKey = `${draft.author.kind}:${draft.clientId}`;
    const existing = log.byClientKey.get(clientKey);
    if (existing !== undefined) return { outcome: 'stored', message: copy(existing), created: false };
    if (rate !== undefined) {
      const { allowed, bucket } = takeToken(log.rates.get(draft.author.kind), rate.policy, rate.now);
      log.rates.set(draft.author.kind, bucket);
      if (!allowed) return { outcome: 'rate_limited' };
    }
    const message: ChatMessage = { ...copy(draft), seq: log.messages.length + 1 };
    log.messages.push(message);
    log.byClientKey.set(clientKey, message);
    if (resetsIdleClock(draft.author.kind)) noteActivity(draft.conversationId, draft.sentAt);
    return { outcome: 'stored', message: copy(message), created: true };
  }

  // Indexes kept in step with each conversation's status, so reads never scan closed chats.
  const queuedIdsByQueue = new Map<string, Set<string>>();
  const queueRevisions = new Map<string, number>();
  /** Each agent's slots: their active chats and the ended ones whose wrap-up they owe. */
  const activeIdsByAgent = new Map<string, Set<string>>();
  /** Ended conversation id → when its wrap-up is due, while it is owed. */
  const wrapUpsDue = new Map<string, number>();
  /** Closed conversations, newest first (compareClosedEntries): the history's index, and retention's. */
  const closedIndex: ClosedEntry[] = [];
  /** Where `entry` sits in closedIndex, or would be inserted (binary search). */
  const closedPosition = (entry: ClosedEntry): number => {
    let low = 0;
    let high = closedIndex.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareClosedEntries(closedIndex[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  /** Active conversation id → since when its citizen has been silent. */
  const idleSince = new Map<string, number>();
  const counters = new Map<string, number>();
  let referenceSequence = 0;
  const noteActivity = (conversationId: string, at: number): void => {
    const since = idleSince.get(conversationId);
    if (since !== undefined && at > since) idleSince.set(conversationId, at);
  };

  const bumpRevision = (queueId: string): number => {
    const revision = (queueRevisions.get(queueId) ?? 0) + 1;
    queueRevisions.set(queueId, revision);
    return revision;
  };
  const positionOf = (conversation: Conversation): number => {
    let position = 1;
    for (const id of queuedIdsByQueue.get(conversation.queueId) ?? []) {
      const other = conversations.get(id);
      if (other !== undefined && id !== conversation.id && compareQueueOrder(other, conversation) < 0) position++;
    }
    return position;
  };
  /** Takes a conversation out of the indexes; says how it left its queue, if it was queued. */
  const unindex = (conversation: Conversation): QueueMove | null => {
    if (conversation.status === 'closed' && conversation.closedAt !== null) {
      const entry = { id: conversation.id, closedAt: conversation.closedAt };
      const at = closedPosition(entry);
      if (closedIndex[at]?.id === conversation.id) closedIndex.splice(at, 1);
    }
    if (conversation.agentId !== null) activeIdsByAgent.get(conversation.agentId)?.delete(conversation.id);
    wrapUpsDue.delete(conversation.id);
    if (!queuedIdsByQueue.get(conversation.queueId)?.delete(conversation.id)) return null;
    return { queueId: conversation.queueId, revision: bumpRevision(conversation.queueId), key: queueScore(conversation), position: null };
  };
  /** Puts a conversation in the indexes; says how it joined a queue, if it is queued. */
  const index = (conversation: Conversation): QueueMove | null => {
    if (conversation.status === 'closed' && conversation.closedAt !== null) {
      const entry = { id: conversation.id, closedAt: conversation.closedAt };
      closedIndex.splice(closedPosition(entry), 0, entry);
    }
    if (conversation.status === 'queued') {
      let ids = queuedIdsByQueue.get(conversation.queueId);
      if (ids === undefined) queuedIdsByQueue.set(conversation.queueId, (ids = new Set()));
      ids.add(conversation.id);
      const revision = bumpRevision(conversation.queueId);
      return { queueId: conversation.queueId, revision, key: queueScore(conversation), position: positionOf(conversation) };
    }
    const holder = slotHolder(conversation);
    if (holder !== null) {
      let ids = activeIdsByAgent.get(holder);
      if (ids === undefined) activeIdsByAgent.set(holder, (ids = new Set()));
      ids.add(conversation.id);
    }
    if (owesWrapUp(conversation)) wrapUpsDue.set(conversation.id, conversation.wrapUp!.dueAt);
    return null;
  };
  const activeCount = (agentId: string, exceptId: string): number => {
    const ids = activeIdsByAgent.get(agentId);
    return ids === undefined ? 0 : ids.size - (ids.has(exceptId) ? 1 : 0);
  };
  /** Compare-and-set without yielding: atomic in this process. */
  const save = (next: Conversation, previous: Conversation, capacity?: AgentCapacityGuard): SaveResult => {
    const current = conversations.get(next.id);
    if (current === undefined || current.version !== previous.version) return { outcome: 'conflict' };
    if (capacity !== undefined && activeCount(capacity.agentId, next.id) >= capacity.max) return { outcome: 'at_capacity' };
    const left = unindex(current);
    conversations.set(next.id, copy(next));
    // The citizen's idle clock runs while a chat is in progress, from its assignment.
    if (next.status !== 'active') idleSince.delete(next.id);
    else if (current.status !== 'active') idleSince.set(next.id, next.assignedAt ?? 0);
    return { outcome: 'saved', left, joined: index(next) };
  };
  const byIds = (ids: Iterable<string>): Conversation[] =>
    [...ids].map((id) => conversations.get(id)).filter((c): c is Conversation => c !== undefined);

  /** Stores a change and keeps its site's decided list in step (the pending list is read by filtering). */
  const putChange = (change: RolloutChange): void => {
    const previous = rolloutChanges.get(change.id);
    rolloutChanges.set(change.id, copy(change));
    if (change.status !== 'pending' && previous?.status !== change.status) {
      const decided = [change.id, ...(decidedChanges.get(change.siteId) ?? []).filter((id) => id !== change.id)];
      for (const dropped of decided.splice(DECIDED_CHANGES_KEPT)) rolloutChanges.delete(dropped);
      decidedChanges.set(change.siteId, decided);
    }
  };
  const pendingOf = (siteId: string): RolloutChange[] =>
    [...rolloutChanges.values()]
      .filter((change) => change.siteId === siteId && change.status === 'pending')
      .sort((a, b) => (a.applyAt ?? a.proposedAt) - (b.applyAt ?? b.proposedAt) || compareIds(a.id, b.id));

  return {
    kind: 'memory',
    rateLimits: createMemoryRateLimits(),
    sites: {
      get: async (id) => copyOrNull(sites.get(id)),
      put: async (site) => void sites.set(site.id, copy(site)),
      insert: async (site) => !sites.has(site.id) && (sites.set(site.id, copy(site)), true),
      replace: async (next, expected) => isDeepStrictEqual(sites.get(next.id), expected) && (sites.set(next.id, copy(next)), true),
      list: async () => [...sites.values()].map(copy),
    },
    queues: {
      get: async (id) => copyOrNull(queueConfigs.get(id)),
      put: async (queue) => void queueConfigs.set(queue.id, copy(queue)),
      insert: async (queue) => !queueConfigs.has(queue.id) && (queueConfigs.set(queue.id, copy(queue)), true),
      replace: async (next, expected) => isDeepStrictEqual(queueConfigs.get(next.id), expected) && (queueConfigs.set(next.id, copy(next)), true),
      list: async () => [...queueConfigs.values()].map(copy),
    },
    agents: {
      get: async (id) => copyOrNull(agents.get(id)),
      findByEmail: async (email) => {
        const id = agentIdByEmail.get(email.toLowerCase());
        return id === undefined ? null : copyOrNull(agents.get(id));
      },
      insert: async (agent) => {
        const email = agent.email.toLowerCase();
        if (agentIdByEmail.has(email) || agents.has(agent.id)) return false;
        agents.set(agent.id, copy({ ...agent, email }));
        agentIdByEmail.set(email, agent.id);
        return true;
      },
      list: async () => [...agents.values()].map(copy),
      setLimit: async (agentId, maxConcurrentChats) => {
        const current = agents.get(agentId);
        if (current === undefined) return null;
        const next = { ...current, maxConcurrentChats, version: current.version + 1 };
        agents.set(agentId, next);
        return copy(next);
      },
      replace: async (next, expectedVersion) => {
        const current = agents.get(next.id);
        if (current === undefined || current.version !== expectedVersion || current.email !== next.email) return 'conflict';
        if (removesActiveManager(current, next) && ![...agents.values()].some((other) => other.id !== next.id && isActiveManager(other))) {
          return 'last_manager';
        }
        agents.set(next.id, copy(next));
        return 'saved';
      },
    },
    sessions: {
      put: async (session) => void sessions.set(session.id, copy(session)),
      get: async (id) => copyOrNull(sessions.get(id)),
      delete: async (id) => void sessions.delete(id),
    },
    presence: {
      get: async (agentId) => copyOrNull(presence.get(agentId)),
      put: async (record) => void presence.set(record.agentId, copy(record)),
      list: async () => [...presence.values()].map(copy),
      noteAssignment: async (agentId, at) => void lastAssignments.set(agentId, at),
      lastAssignments: async () => new Map(lastAssignments),
    },
    conversations: {
      insert: async (conversation): Promise<InsertResult> => {
        if (conversations.has(conversation.id)) return { inserted: false };
        conversations.set(conversation.id, copy(conversation));
        return { inserted: true, joined: index(conversation) };
      },
      get: async (id) => copyOrNull(conversations.get(id)),
      save: async (next: Conversation, previous: Conversation, capacity?: AgentCapacityGuard): Promise<SaveResult> => save(next, previous, capacity),
      saveMany: async (changes) => {
        const stopped = new Set<string>();
        return changes.map((change) => {
          if (stopped.has(change.group)) return { outcome: 'skipped' as const };
          const result = save(change.next, change.previous, change.capacity);
          if (result.outcome !== 'saved') stopped.add(change.group);
          return result;
        });
      },
      listQueued: async (only?: string, limit = Number.POSITIVE_INFINITY) =>
        [...queuedIdsByQueue.keys()]
          .filter((queueId) => only === undefined || queueId === only)
          .sort()
          .flatMap((queueId) => byIds(queuedIdsByQueue.get(queueId) ?? []).sort(compareQueueOrder).slice(0, limit).map(copy)),
      countActiveByAgent: async (agentIds) => new Map(agentIds.map((agentId) => [agentId, activeIdsByAgent.get(agentId)?.size ?? 0])),
      queuePlace: async ({ id, queueId }) => {
        const conversation = conversations.get(id);
        if (conversation === undefined || !queuedIdsByQueue.get(queueId)?.has(id)) return null;
        return { position: positionOf(conversation), revision: queueRevisions.get(queueId) ?? 0, key: queueScore(conversation) };
      },
      queueRevisions: async () => Object.fromEntries(queueRevisions),
      queueLengths: async () =>
        Object.fromEntries([...queuedIdsByQueue].filter(([, ids]) => ids.size > 0).map(([queueId, ids]) => [queueId, ids.size])),
      oldestQueuedAt: async () => {
        const oldest: Record<string, number> = {};
        for (const [queueId, ids] of queuedIdsByQueue) {
          for (const conversation of byIds(ids)) oldest[queueId] = Math.min(oldest[queueId] ?? Infinity, conversation.queuedAt);
        }
        return oldest;
      },
      listActiveByAgent: async (agentId) =>
        byIds(activeIdsByAgent.get(agentId) ?? [])
          .sort((a, b) => (a.assignedAt ?? 0) - (b.assignedAt ?? 0))
          .map(copy),
      deleteClosedBefore: async (cutoff) => {
        let deleted = 0;
        // The oldest sit at the end of the index: from the first closed before the cutoff.
        const due = closedIndex.slice(closedPosition({ id: '', closedAt: cutoff }));
        for (const conversation of byIds(due.map((entry) => entry.id))) {
          if (conversation.status !== 'closed' || conversation.closedAt === null || conversation.closedAt >= cutoff) continue;
          // A wrap-up still owed goes with its chat, and so does the slot it took.
          unindex(conversation);
          conversations.delete(conversation.id);
          messageLogs.delete(conversation.id);
          notes.delete(conversation.id);
          deleted++;
        }
        return deleted;
      },
      wrapUpsDue: async (at, limit) =>
        [...wrapUpsDue]
          .filter(([, dueAt]) => dueAt <= at)
          .sort(([a, dueA], [b, dueB]) => dueA - dueB || (a < b ? -1 : 1))
          .slice(0, limit)
          .flatMap(([id]) => byIds([id]))
          .map(copy),
      closedBetween: async (from, to, after, limit) => {
        // From the first closed at or before `to` (no id sorts after U+FFFF), or just past `after`.
        let start = closedPosition({ id: '\uffff', closedAt: to });
        if (after !== null) {
          const at = closedPosition(after);
          start = Math.max(start, closedIndex[at]?.id === after.id ? at + 1 : at);
        }
        const entries: ClosedEntry[] = [];
        for (let i = start; i < closedIndex.length && entries.length < limit; i++) {
          const entry = closedIndex[i]!;
          if (entry.closedAt < from) break;
          entries.push({ ...entry });
        }
        return entries;
      },
      listOpen: async () => [
        ...[...queuedIdsByQueue.keys()].sort().flatMap((queueId) => byIds(queuedIdsByQueue.get(queueId) ?? []).sort(compareQueueOrder)),
        ...byIds(idleSince.keys()),
      ].map(presenceFacts),
      idleSince: async () => new Map(idleSince),
      noteActivity: async (conversationId, at) => noteActivity(conversationId, at),
    },
    messages: {
      post: async (draft, condition, rate) => {
        const conversation = conversations.get(draft.conversationId);
        if (conversation === undefined || !meetsPostingCondition(conversation, condition)) {
          return { outcome: 'refused', conversation: conversation === undefined ? null : copy(conversation) };
        }
        return { ...appendMessage(draft, rate), conversation: copy(conversation) };
      },
      append: async (draft: MessageDraft, rate?: AppendRate): Promise<AppendResult> => appendMessage(draft, rate),
      listAfter: async (conversationId, afterSeq, limit) => {
        const log = messageLogs.get(conversationId);
        // seq n sits at index n - 1, so the slice starts right after `afterSeq`.
        return log === undefined ? [] : log.messages.slice(afterSeq, afterSeq + limit).map(copy);
      },
      lastSeq: async (conversationId) => messageLogs.get(conversationId)?.messages.length ?? 0,
    },
    inbox: {
      insert: async (item) => {
        if (inboxItems.has(item.id)) return false;
        inboxItems.set(item.id, copy(item));
        return true;
      },
      get: async (id) => copyOrNull(inboxItems.get(id)),
      save: async (next, expectedVersion) => {
        const current = inboxItems.get(next.id);
        if (current === undefined || current.version !== expectedVersion) return false;
        inboxItems.set(next.id, copy(next));
        return true;
      },
      list: async (queueIds, before, limit) =>
        [...inboxItems.values()]
          .filter((item) => queueIds === null || queueIds.includes(item.queueId))
          .filter((item) => before === null || compareNewestFirst(item, before) > 0)
          .sort(compareNewestFirst)
          .slice(0, limit)
          .map(copy),
      deleteAnsweredBefore: async (cutoff) => {
        let deleted = 0;
        for (const item of [...inboxItems.values()]) {
          if (item.answeredAt === null || item.answeredAt >= cutoff) continue;
          inboxItems.delete(item.id);
          deleted++;
        }
        return deleted;
      },
    },
    counters: {
      add: async (name, by = 1) => void counters.set(name, (counters.get(name) ?? 0) + by),
      read: async (names) => Object.fromEntries(names.map((name) => [name, counters.get(name) ?? 0])),
    },
    personas: {
      get: async (siteId) => copyOrNull(personas.get(siteId)),
      save: async (next, expectedVersion) => {
        if ((personas.get(next.siteId)?.version ?? 0) !== expectedVersion) return false;
        personas.set(next.siteId, copy(next));
        return true;
      },
      getAvatar: async (siteId) => copyOrNull(avatars.get(siteId)),
      putAvatar: async (image) => void avatars.set(image.siteId, copy(image)),
    },
    staffingPlans: {
      get: async (siteId) => copyOrNull(staffingPlans.get(siteId)),
      save: async (next, expectedVersion) => {
        if ((staffingPlans.get(next.siteId)?.version ?? 0) !== expectedVersion) return false;
        staffingPlans.set(next.siteId, copy(next));
        return true;
      },
    },
    rolloutPolicies: {
      get: async (siteId) => copyOrNull(rolloutPolicies.get(siteId)),
      save: async (next, expectedVersion) => {
        if ((rolloutPolicies.get(next.siteId)?.version ?? 0) !== expectedVersion) return false;
        rolloutPolicies.set(next.siteId, copy(next));
        return true;
      },
      saveWithChange: async (next, expectedVersion, change, expectedChangeVersion): Promise<PolicyCommit> => {
        if ((rolloutPolicies.get(next.siteId)?.version ?? 0) !== expectedVersion) return 'policy_moved';
        if ((rolloutChanges.get(change.id)?.version ?? 0) !== expectedChangeVersion) return 'change_moved';
        rolloutPolicies.set(next.siteId, copy(next));
        putChange(change);
        return 'saved';
      },
    },
    rolloutChanges: {
      get: async (id) => copyOrNull(rolloutChanges.get(id)),
      put: async (change, expectedVersion) => {
        if ((rolloutChanges.get(change.id)?.version ?? 0) !== expectedVersion) return false;
        putChange(change);
        return true;
      },
      pending: async (siteId, limit) => pendingOf(siteId).slice(0, Math.max(0, limit)).map(copy),
      pendingCount: async (siteId) => pendingOf(siteId).length,
      decided: async (siteId, limit) =>
        (decidedChanges.get(siteId) ?? []).slice(0, Math.max(0, limit)).map((id) => copy(rolloutChanges.get(id)!)),
      readyBy: async (now, limit) =>
        [...rolloutChanges.values()]
          .filter((change) => (changeReadyAt(change) ?? Infinity) <= now)
          .sort((a, b) => changeReadyAt(a)! - changeReadyAt(b)! || compareIds(a.id, b.id))
          .slice(0, Math.max(0, limit))
          .map(copy),
      setSchedulePaused: async (siteId, paused) => {
        if (pausedSchedules.has(siteId) === paused) return false;
        if (paused) pausedSchedules.add(siteId);
        else pausedSchedules.delete(siteId);
        return true;
      },
      schedulePaused: async (siteId) => pausedSchedules.has(siteId),
    },
    audit: {
      head: async () => {
        const last = auditLog.at(-1);
        return last === undefined ? null : { seq: last.seq, hash: last.hash };
      },
      append: async (entry) => {
        const last = auditLog.at(-1);
        if (entry.seq !== (last?.seq ?? 0) + 1 || entry.previousHash !== (last?.hash ?? GENESIS_HASH)) return false;
        auditLog.push(copy(entry));
        return true;
      },
      range: async (fromSeq, toSeq) => auditLog.slice(Math.max(0, fromSeq - 1), Math.max(0, toSeq)).map(copy),
    },
    capacityGuards: {
      list: async () => [...capacityGuards.values()].map(copy),
      put: async (records) => {
        for (const record of records) capacityGuards.set(`${record.siteId}|${record.queueId}`, copy(record));
      },
    },
    exposure: {
      record: async (hits, maxPages, retentionMs, now) => {
        for (const [key, day] of exposure) if (day.expiresAt <= now) exposure.delete(key);
        for (const hit of hits) {
          const key = `${hit.siteId}|${hit.day}`;
          let day = exposure.get(key);
          if (day === undefined) exposure.set(key, (day = { total: new Set(), en: new Set(), fr: new Set(), pages: new Map(), expiresAt: now + retentionMs }));
          day.expiresAt = now + retentionMs;
          day.total.add(hit.visitorKey);
          day[hit.language].add(hit.visitorKey);
          const counted = [...day.pages.keys()].filter((page) => page !== EXPOSURE_OTHER_PAGE).length;
          const page = day.pages.has(hit.page) || counted < maxPages ? hit.page : EXPOSURE_OTHER_PAGE;
          let visitors = day.pages.get(page);
          if (visitors === undefined) day.pages.set(page, (visitors = new Set()));
          visitors.add(hit.visitorKey);
        }
      },
      read: async (siteId, dayName) => {
        const day = exposure.get(`${siteId}|${dayName}`);
        if (day === undefined) return { total: 0, byLanguage: { en: 0, fr: 0 }, pages: [] };
        return {
          total: day.total.size,
          byLanguage: { en: day.en.size, fr: day.fr.size },
          pages: sortPages([...day.pages].map(([page, visitors]) => ({ page, visitors: visitors.size }))),
        };
      },
    },
    reports: {
      record: async (facts, maxPages, retentionMs, now) => {
        sweepReports(now);
        for (const fact of facts) {
          const key = `${fact.scope}|${fact.hour}`;
          let hour = reportHours.get(key);
          if (hour === undefined) reportHours.set(key, (hour = { cells: new Map(), pages: new Set(), visitors: new Map(), expiresAt: 0 }));
          hour.expiresAt = now + retentionMs;
          let page = fact.dims.page;
          if (!hour.pages.has(page)) {
            const counted = hour.pages.size - (hour.pages.has(REPORT_OTHER_PAGE) ? 1 : 0);
            if (counted >= maxPages) page = REPORT_OTHER_PAGE;
            hour.pages.add(page);
          }
          const cellKey = dimsKey({ ...fact.dims, page });
          if (fact.visitorKey !== undefined) {
            const seenKey = `${cellKey}\u001e${fact.figure}`;
            let seen = hour.visitors.get(seenKey);
            if (seen === undefined) hour.visitors.set(seenKey, (seen = new Set()));
            if (seen.has(fact.visitorKey)) continue;
            seen.add(fact.visitorKey);
          }
          let cell = hour.cells.get(cellKey);
          if (cell === undefined) hour.cells.set(cellKey, (cell = new Map()));
          cell.set(fact.figure, (cell.get(fact.figure) ?? 0) + fact.by);
        }
      },
      read: async (scope, fromHour, toHour, now) => {
        const cells: ReportCell[] = [];
        for (let at = hourOf(fromHour); at <= toHour; at += HOUR_MS) {
          const hour = reportHours.get(`${scope}|${at}`);
          if (hour === undefined || hour.expiresAt <= now) continue;
          for (const [key, counts] of hour.cells) cells.push({ scope, hour: at, dims: parseDims(key), counts: Object.fromEntries(counts) });
        }
        return cells;
      },
      claim: async (marker, ttlMs, now) => {
        sweepReports(now);
        const until = reportClaims.get(marker);
        if (until !== undefined && until > now) return false;
        reportClaims.set(marker, now + ttlMs);
        return true;
      },
    },
    references: {
      next: async () => ++referenceSequence,
    },
    conversingVisitors: {
      mark: async (visitorKey, conversationId, ttlMs, now) => {
        for (const [key, entry] of conversing) if (entry.until <= now) conversing.delete(key);
        conversing.set(visitorKey, { conversationId, until: now + ttlMs });
      },
      conversationOf: async (visitorKey, now) => {
        const entry = conversing.get(visitorKey);
        return entry !== undefined && entry.until > now ? entry.conversationId : null;
      },
    },
    waits: {
      recordHandleTime: async (queueId, sample, keep) => {
        handleTimes.set(queueId, [copy(sample), ...(handleTimes.get(queueId) ?? [])].slice(0, Math.max(1, keep)));
      },
      recentHandleTimes: async (queueId) => (handleTimes.get(queueId) ?? []).map(copy),
      swapAnnounced: async (queueId, said) => {
        if (announcedWaits.get(queueId) === said) return false;
        announcedWaits.set(queueId, said);
        return true;
      },
    },
    notes: {
      append: async (note: ConversationNote, max: number): Promise<NoteAppendResult> => {
        let list = notes.get(note.conversationId);
        if (list === undefined) notes.set(note.conversationId, (list = []));
        const author = noteAuthorKey(note);
        const existing = list.find((candidate) => candidate.clientId === note.clientId && noteAuthorKey(candidate) === author);
        if (existing !== undefined) return { outcome: 'stored', note: copy(existing), created: false };
        if (list.length >= max) return { outcome: 'full' };
        list.push(copy(note));
        return { outcome: 'stored', note: copy(note), created: true };
      },
      list: async (conversationId) => (notes.get(conversationId) ?? []).map(copy),
    },
    cannedAnswers: {
      put: async (answer) => void cannedAnswers.set(answer.id, copy(answer)),
      list: async () => [...cannedAnswers.values()].map(copy),
    },
    wrapUpOutcomes: {
      put: async (outcome) => void wrapUpOutcomes.set(outcome.id, copy(outcome)),
      list: async () => [...wrapUpOutcomes.values()].sort(compareOutcomes).map(copy),
    },
    ping: async () => {},
    close: async () => {},
  };
}
