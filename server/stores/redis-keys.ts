/**
 * Every Redis key the application uses, built here and nowhere else. All start with the
 * deployment's prefix (`REDIS_KEY_PREFIX`, default `gc:`), so one Redis can serve several.
 *
 *   site:{id}                 JSON of a Site              sites            SET of site ids
 *   agent:{id}                JSON of an Agent            agents           SET of agent ids
 *   agent-email:{email}       the id owning an email (SET NX makes emails unique)
 *   session:{id}              JSON of a Session, with a TTL a day past its expiry
 *   presence:{agentId}        JSON of an AgentPresence    presence         SET of agent ids
 *   last-assigned             HASH: agent id → when they were last given a chat (routing)
 *   conversation:{id}         JSON of a Conversation (its `version` drives compare-and-set)
 *   queue-config:{queueId}    JSON of a Queue (language, mode)  queue-configs  SET of queue ids
 *   queue:{queueId}           ZSET of one queue's conversation ids, scored by queueScore()
 *   queues                    SET of the ids of queues that have had a conversation
 *   queue-revisions           HASH: queue id → revision (one more at every change to that queue)
 *   agent-active:{agentId}    SET of the conversation ids filling an agent's slots: the active
 *                             chats they hold and the ended ones whose wrap-up they still owe
 *   closed                    ZSET of closed conversation ids, scored by closedAt (retention, history)
 *   messages:{conversationId} STREAM, entry id `{seq}-0`, field `m` = JSON of the message
 *   message-index:{id}        HASH: `seq` (last sequence number), `{kind}:{clientId}` → seq,
 *                             `rate:{kind}:tokens|at` (the author kind's append rate bucket)
 *   rate:{sha256(key)}        HASH: a token bucket (`tokens`, `at`), expiring once full again
 *   idle-since                ZSET of active conversation ids, scored by when their citizen's
 *                             silence began (assignment, latest message of either side, "stay")
 *   counters                  HASH: counter name → count, for reports (abandoned chats per queue and day)
 *   handle-times:{queueId}    LIST of `{closedAt}:{handleMs}`, latest first, capped (wait estimates)
 *   queue-waits               HASH: queue id → the wait inputs last announced to its citizens
 *   notes:{conversationId}    LIST of JSON notes, oldest first (agents only; never the citizen)
 *   canned-answer:{id}        JSON of a CannedAnswer      canned-answers   SET of their ids
 *   rollout-policy:{siteId}   JSON of a RolloutPolicy (soft launch), saved with compare-and-set
 *   staffing-plan:{siteId}    JSON of a StaffingPlan (planned hours, projection settings), saved with compare-and-set
 *   capacity-guards           HASH: `{siteId}|{queueId}` → JSON of its GuardRecord (the capacity guard, stepped by every node)
 *   exposure:{siteId}:{day}:pages          SET of the day's counted page paths (bounded; `other` beyond)
 *   exposure:{siteId}:{day}:all|en|fr      HYPERLOGLOG of keyed visitor hashes offered chat that day
 *   exposure:{siteId}:{day}:page:{sha256}  HYPERLOGLOG of the same, for one page (hashed: paths are long)
 *                             (every exposure key expires after EXPOSURE_RETENTION_MS from the day's last hit)
 *   report:{scope}:{hour}                  HASH: `{dims}\x1e{figure}` → count, one UTC hour of the reports' rollup
 *   report-pages:{scope}:{hour}            SET of the hour's counted page groups (bounded; `other` beyond)
 *   report-visitors:{scope}:{hour}:{sha1}  HYPERLOGLOG of keyed visitor hashes counted for one dims and figure
 *   report-hours:{scope}                   ZSET of the scope's hours that have counters, scored by hour
 *                             (every report key expires after REPORT_RETENTION_MS from its hour's last write)
 *   report-claim:{sha256}     STRING: a one-time marker (a chat's first response, a staffing minute), expiring
 *   conversing:{visitorKey}   STRING: the conversation a visitor (keyed hash) started, expiring
 *   rollout-change:{id}       JSON of a RolloutChange (its `version` drives compare-and-set)
 *   rollout-pending:{siteId}  ZSET of a site's pending change ids, scored by applyAt (or proposedAt)
 *   rollout-decided:{siteId}  ZSET of a site's latest decided change ids, scored by `rollout-decided-seq`
 *   rollout-decided-seq       counter: the order changes were decided in
 *   rollout-ready             ZSET of change ids ready to apply (approved, or needing none), scored by when
 *   rollout-paused            SET of the site ids whose schedule is paused
 *   audit                     LIST of JSON audit entries, entry seq n at index n-1 (append-only, hash-chained)
 *   audit-head                HASH: `seq` and `hash` of the last audit entry (appends compare-and-set on it)
 *   wrap-ups                  ZSET of ended conversation ids whose wrap-up is owed, scored by when due
 *   wrap-up-outcome:{id}      JSON of a WrapUpOutcome     wrap-up-outcomes SET of their ids
 *   socket.io                 STREAM used by the Socket.IO adapter between nodes
 *   inbox-item:{id}           JSON of an InboxItem (its `version` drives compare-and-set)
 *   inbox:{queueId}           ZSET of one queue's inbox item ids, scored by createdAt
 *   inbox                     ZSET of every inbox item id, scored by createdAt
 *   inbox-answered            ZSET of answered inbox item ids, scored by answeredAt (retention)
 */
import { createHash } from 'node:crypto';

export interface RedisKeys {
  site(id: string): string;
  sites(): string;
  agent(id: string): string;
  agents(): string;
  agentEmail(email: string): string;
  session(id: string): string;
  presence(agentId: string): string;
  presenceIndex(): string;
  lastAssignments(): string;
  conversation(id: string): string;
  queueConfig(queueId: string): string;
  queueConfigs(): string;
  queue(queueId: string): string;
  queues(): string;
  queueRevisions(): string;
  agentActive(agentId: string): string;
  closed(): string;
  messages(conversationId: string): string;
  messageIndex(conversationId: string): string;
  adapterStream(): string;
  rateLimit(key: string): string;
  inboxItem(id: string): string;
  inboxOfQueue(queueId: string): string;
  inbox(): string;
  inboxAnswered(): string;
  idleSince(): string;
  counters(): string;
  /** The conversation reference numbers' sequence (INCR). */
  referenceSequence(): string;
  handleTimes(queueId: string): string;
  queueWaits(): string;
  notes(conversationId: string): string;
  cannedAnswer(id: string): string;
  cannedAnswers(): string;
  rolloutPolicy(siteId: string): string;
  staffingPlan(siteId: string): string;
  capacityGuards(): string;
  exposurePages(siteId: string, day: string): string;
  exposureCount(siteId: string, day: string, of: 'all' | 'en' | 'fr'): string;
  exposurePage(siteId: string, day: string, page: string): string;
  conversing(visitorKey: string): string;
  reportHour(scope: string, hour: number): string;
  reportPages(scope: string, hour: number): string;
  /** The prefix the reportRecord script appends `{sha1 of dims and figure}` to. */
  reportVisitorsPrefix(scope: string, hour: number): string;
  reportHours(scope: string): string;
  reportClaim(marker: string): string;
  rolloutChange(id: string): string;
  rolloutPending(siteId: string): string;
  rolloutDecided(siteId: string): string;
  rolloutDecidedSeq(): string;
  rolloutReady(): string;
  rolloutPaused(): string;
  audit(): string;
  auditHead(): string;
  wrapUps(): string;
  wrapUpOutcome(id: string): string;
  wrapUpOutcomes(): string;
}

export function redisKeys(prefix: string): RedisKeys {
  return {
    site: (id) => `${prefix}site:${id}`,
    sites: () => `${prefix}sites`,
    agent: (id) => `${prefix}agent:${id}`,
    agents: () => `${prefix}agents`,
    agentEmail: (email) => `${prefix}agent-email:${email.toLowerCase()}`,
    session: (id) => `${prefix}session:${id}`,
    presence: (agentId) => `${prefix}presence:${agentId}`,
    presenceIndex: () => `${prefix}presence`,
    lastAssignments: () => `${prefix}last-assigned`,
    conversation: (id) => `${prefix}conversation:${id}`,
    queueConfig: (queueId) => `${prefix}queue-config:${queueId}`,
    queueConfigs: () => `${prefix}queue-configs`,
    queue: (queueId) => `${prefix}queue:${queueId}`,
    queues: () => `${prefix}queues`,
    queueRevisions: () => `${prefix}queue-revisions`,
    agentActive: (agentId) => `${prefix}agent-active:${agentId}`,
    closed: () => `${prefix}closed`,
    messages: (conversationId) => `${prefix}messages:${conversationId}`,
    messageIndex: (conversationId) => `${prefix}message-index:${conversationId}`,
    adapterStream: () => `${prefix}socket.io`,
    // Hashed: limit keys hold client addresses and emails, which key names should not show.
    rateLimit: (key) => `${prefix}rate:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`,
    inboxItem: (id) => `${prefix}inbox-item:${id}`,
    inboxOfQueue: (queueId) => `${prefix}inbox:${queueId}`,
    inbox: () => `${prefix}inbox`,
    inboxAnswered: () => `${prefix}inbox-answered`,
    idleSince: () => `${prefix}idle-since`,
    counters: () => `${prefix}counters`,
    referenceSequence: () => `${prefix}reference-seq`,
    handleTimes: (queueId) => `${prefix}handle-times:${queueId}`,
    queueWaits: () => `${prefix}queue-waits`,
    notes: (conversationId) => `${prefix}notes:${conversationId}`,
    cannedAnswer: (id) => `${prefix}canned-answer:${id}`,
    cannedAnswers: () => `${prefix}canned-answers`,
    rolloutPolicy: (siteId) => `${prefix}rollout-policy:${siteId}`,
    staffingPlan: (siteId) => `${prefix}staffing-plan:${siteId}`,
    capacityGuards: () => `${prefix}capacity-guards`,
    exposurePages: (siteId, day) => `${prefix}exposure:${siteId}:${day}:pages`,
    exposureCount: (siteId, day, of) => `${prefix}exposure:${siteId}:${day}:${of}`,
    exposurePage: (siteId, day, page) => `${prefix}exposure:${siteId}:${day}:page:${createHash('sha256').update(page).digest('base64url').slice(0, 22)}`,
    conversing: (visitorKey) => `${prefix}conversing:${visitorKey}`,
    reportHour: (scope, hour) => `${prefix}report:${scope}:${hour}`,
    reportPages: (scope, hour) => `${prefix}report-pages:${scope}:${hour}`,
    reportVisitorsPrefix: (scope, hour) => `${prefix}report-visitors:${scope}:${hour}:`,
    reportHours: (scope) => `${prefix}report-hours:${scope}`,
    reportClaim: (marker) => `${prefix}report-claim:${createHash('sha256').update(marker).digest('base64url').slice(0, 22)}`,
    rolloutChange: (id) => `${prefix}rollout-change:${id}`,
    rolloutPending: (siteId) => `${prefix}rollout-pending:${siteId}`,
    rolloutDecided: (siteId) => `${prefix}rollout-decided:${siteId}`,
    rolloutDecidedSeq: () => `${prefix}rollout-decided-seq`,
    rolloutReady: () => `${prefix}rollout-ready`,
    rolloutPaused: () => `${prefix}rollout-paused`,
    audit: () => `${prefix}audit`,
    auditHead: () => `${prefix}audit-head`,
    wrapUps: () => `${prefix}wrap-ups`,
    wrapUpOutcome: (id) => `${prefix}wrap-up-outcome:${id}`,
    wrapUpOutcomes: () => `${prefix}wrap-up-outcomes`,
  };
}
