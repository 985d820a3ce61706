/**
 * The Redis store (ioredis): every piece of state in Redis, so that any number of server
 * processes serve one deployment and a restart loses nothing. Key layout: redis-keys.ts.
 *
 * What must be atomic across nodes runs as one Lua script: inserting a conversation with its queue
 * entry, compare-and-set with the agent's capacity checked in the same step (and their slots and
 * the wrap-ups owed kept in step), appending a message
 * with its sequence number and idempotency key, and claiming an email for a new account.
 *
 * The client fails fast while Redis is unreachable (no offline queue): every call then throws
 * `unavailable`, a retryable error the clients show and retry, instead of waiting in silence.
 */
import { GENESIS_HASH, type AuditEntry } from '../domain/audit-log.js';
import type { RolloutChange } from '../domain/rollout-changes.js';
import type { RolloutPolicy } from '../domain/rollout-policy.js';
import type { StaffingPlan } from '../domain/staffing-plan.js';
import type { Persona, PersonaAvatarImage } from '../domain/persona.js';
import { EXPOSURE_OTHER_PAGE, sortPages, type ExposureHit } from '../domain/exposure.js';
import { REPORT_OTHER_PAGE, dimsKey, hourOf, parseDims, type ReportCell, type ReportFact } from '../domain/reports.js';
import type { Redis } from 'ioredis';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../domain/app-error.js';
import type {
  Agent,
  AgentPresence,
  CannedAnswer,
  Conversation,
  InboxItem,
  ConversationNote,
  MessageDraft,
  Queue,
  Session,
  Site,
  WrapUpOutcome,
} from '../domain/entities.js';
import { queuedAtOfScore, queueScore } from '../domain/queue-order.js';
import { owesWrapUp, slotHolder } from '../domain/wrap-up.js';
import { presenceFacts, resetsIdleClock } from '../domain/visitor-presence.js';
import { redisKeys, type RedisKeys } from './redis-keys.js';
import {
  changeReadyAt,
  compareOutcomes,
  DECIDED_CHANGES_KEPT,
  noteAuthorKey,
  type AgentCapacityGuard,
  type AppendRate,
  type AppendResult,
  type PostResult,
  type GuardRecord,
  type InboxCursor,
  type InsertResult,
  type NoteAppendResult,
  type PolicyCommit,
  type QueueMove,
  type SaveOutcome,
  type SaveResult,
  type Store,
  type ClosedEntry,
} from './store.js';

/** A session key outlives the session by a day, so Redis cleans up sessions nobody ends. */
const SESSION_KEY_MARGIN_MS = 24 * 60 * 60 * 1000;
/** Compare-and-set attempts on a record that keeps changing underneath. */
const RECORD_CAS_ATTEMPTS = 5;
/** Conversations deleted per retention round trip. */
const RETENTION_BATCH = 200;
/** Conversations closed in one millisecond that a history page past a cursor there reads (ties are rare). */
const CLOSED_TIES_MAX = 1000;

/**
 * Lua twin of `takeToken` (server/domain/rate-limit.ts): a token bucket kept in two fields of a
 * hash, `{prefix}tokens` and `{prefix}at`. Returns whether a token was taken, and the tokens left.
 */
const TAKE_TOKEN_LUA = `
  local function take_token(key, prefix, capacity, per_second, now)
    local state = redis.call('HMGET', key, prefix .. 'tokens', prefix .. 'at')
    local tokens = tonumber(state[1]) or capacity
    local at = tonumber(state[2]) or now
    tokens = math.min(capacity, tokens + math.max(0, now - at) * per_second / 1000)
    local allowed = tokens >= 1
    if allowed then tokens = tokens - 1 end
    redis.call('HSET', key, prefix .. 'tokens', tostring(tokens), prefix .. 'at', tostring(now))
    return allowed, tokens
  end`;

/**
 * KEYS (as arguments): message index, message stream, idle-since. ARGV: client key, message json
 * (without seq), rate bucket prefix ('' for no rate), capacity, refill per second, now, '1' when the
 * message restarts the citizen's idle clock, conversation id, sent at. A retry (known client key)
 * is answered before the rate is looked at. Returns {created (1/0), seq, json}, or {-1} when the
 * author's bucket for this conversation is empty. The idle clock moves only forward, and only for
 * a conversation on it (an active one): XX GT.
 */
const APPEND_MESSAGE_LUA = `${TAKE_TOKEN_LUA}
  local function append_message(index, stream, idle_since, argv)
    local existing = redis.call('HGET', index, argv[1])
    if existing then
      local entries = redis.call('XRANGE', stream, existing .. '-0', existing .. '-0')
      return {0, tonumber(existing), entries[1][2][2]}
    end
    if argv[3] ~= '' then
      local allowed = take_token(index, argv[3], tonumber(argv[4]), tonumber(argv[5]), tonumber(argv[6]))
      if not allowed then return {-1} end
    end
    local seq = redis.call('HINCRBY', index, 'seq', 1)
    redis.call('HSET', index, argv[1], seq)
    redis.call('XADD', stream, seq .. '-0', 'm', argv[2])
    if argv[7] == '1' then redis.call('ZADD', idle_since, 'XX', 'GT', argv[9], argv[8]) end
    return {1, seq, argv[2]}
  end
`;

/**
 * Writes a rollout change whose version was checked, keeping its site's lists and the schedule's
 * index in step (see RolloutChangeRepository.put). Arguments: the change's key, its site's pending
 * and decided sets, the ready index, the decided counter; its JSON, id, status, pending score,
 * ready score ('' when not ready), how many decided to keep, the change key prefix (to delete the
 * records of those dropped), and the status it had ('' when new).
 */
const WRITE_CHANGE_LUA = `
  local function write_change(change_key, pending_key, decided_key, ready_key, seq_key, json, id, status, pending_score, ready_score, keep, change_prefix, previous_status)
    redis.call('SET', change_key, json)
    if status == 'pending' then
      redis.call('ZADD', pending_key, pending_score, id)
    else
      redis.call('ZREM', pending_key, id)
      if previous_status ~= status then
        redis.call('ZADD', decided_key, redis.call('INCR', seq_key), id)
        local dropped = redis.call('ZRANGE', decided_key, 0, -(keep + 1))
        for _, old in ipairs(dropped) do redis.call('DEL', change_prefix .. old) end
        if #dropped > 0 then redis.call('ZREMRANGEBYRANK', decided_key, 0, -(keep + 1)) end
      end
    end
    if ready_score == '' then redis.call('ZREM', ready_key, id) else redis.call('ZADD', ready_key, ready_score, id) end
  end
  local function stored_change(change_key)
    local current = redis.call('GET', change_key)
    if not current then return 0, '' end
    local change = cjson.decode(current)
    return change['version'], change['status']
  end`;

/** The body of one compare-and-set save (see saveConversation), shared by the one and the many. */
const SAVE_ONE_LUA = `
  local function save_one(K, A)
    local current = redis.call('GET', K[1])
    if not current then return {'conflict'} end
    if cjson.decode(current)['version'] ~= tonumber(A[1]) then return {'conflict'} end
    local max = tonumber(A[7])
    if max >= 0 then
      local held = redis.call('SCARD', K[7]) - redis.call('SISMEMBER', K[7], A[3])
      if held >= max then return {'at_capacity'} end
    end
    redis.call('SET', K[1], A[2])
    local left, joined, rank = -1, -1, -1
    if redis.call('ZREM', K[2], A[3]) == 1 then left = redis.call('HINCRBY', K[9], A[8], 1) end
    redis.call('ZREM', K[4], A[3])
    redis.call('SREM', K[5], A[3])
    if A[4] == 'queued' then
      redis.call('ZADD', K[3], A[5], A[3])
      redis.call('SADD', K[8], A[9])
      joined = redis.call('HINCRBY', K[9], A[9], 1)
      rank = redis.call('ZRANK', K[3], A[3])
    elseif A[4] == 'closed' then redis.call('ZADD', K[4], A[6], A[3]) end
    if A[12] == '1' then redis.call('SADD', K[6], A[3]) end
    if A[13] ~= '' then redis.call('ZADD', K[11], A[13], A[3]) else redis.call('ZREM', K[11], A[3]) end
    if A[10] == 'start' then redis.call('ZADD', K[10], A[11], A[3])
    elseif A[10] == 'remove' then redis.call('ZREM', K[10], A[3]) end
    return {'saved', left, joined, rank}
  end`;

const SCRIPTS = {
  /**
   * KEYS: conversation, its queue, queues set, queue revisions. ARGV: json, id, status, queue
   * score, queue id. Returns {0} when the id exists, else {1, revision, rank} (-1s unless queued).
   */
  insertConversation: {
    keys: 4,
    lua: `
      if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return {0} end
      if ARGV[3] ~= 'queued' then return {1, -1, -1} end
      redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
      redis.call('SADD', KEYS[3], ARGV[5])
      return {1, redis.call('HINCRBY', KEYS[4], ARGV[5], 1), redis.call('ZRANK', KEYS[2], ARGV[2])}`,
  },
  /**
   * KEYS: conversation, previous queue, next queue, closed, previous agent's active set, next
   * slot holder's active set, capacity agent's active set, queues set, queue revisions, idle-since,
   * wrap-ups owed. ARGV: expected version, json, id, status, queue score, closedAt, capacity max
   * (-1 for none), previous queue id, next queue id, idle clock ('start', 'remove' or 'keep'),
   * idle start, '1' when the record takes a slot of its holder (`slotHolder`), when its wrap-up is
   * due ('' unless owed). An agent's active set holds their slots: active chats and wrap-ups owed.
   * Returns {'saved', left revision, joined revision, joined rank} (-1 where there was no such
   * move), or {'conflict'} or {'at_capacity'}.
   */
  saveConversation: {
    keys: 11,
    lua: `${SAVE_ONE_LUA}
      return save_one(KEYS, ARGV)`,
  },
  /**
   * Several saves in one atomic step, in order: KEYS and ARGV are those of saveConversation for
   * each change in turn, ARGV with one more value per change, its group. A change that fails
   * stops its group: the later changes of that group answer {'skipped'}.
   */
  saveConversations: {
    keys: null,
    lua: `${SAVE_ONE_LUA}
      local results, stopped = {}, {}
      for i = 0, #KEYS / 11 - 1 do
        local group = ARGV[i * 14 + 14]
        if stopped[group] then
          results[i + 1] = {'skipped'}
        else
          local k, a = {}, {}
          for j = 1, 11 do k[j] = KEYS[i * 11 + j] end
          for j = 1, 13 do a[j] = ARGV[i * 14 + j] end
          local result = save_one(k, a)
          if result[1] ~= 'saved' then stopped[group] = true end
          results[i + 1] = result
        end
      end
      return results`,
  },
  /** KEYS: message index, message stream, idle-since. ARGV and answer: see APPEND_MESSAGE_LUA. */
  appendMessage: {
    keys: 3,
    lua: `${APPEND_MESSAGE_LUA}
      return append_message(KEYS[1], KEYS[2], KEYS[3], ARGV)`,
  },
  /**
   * appendMessage behind a check of the conversation (MessageRepository.post). KEYS: conversation,
   * then appendMessage's. ARGV: appendMessage's, then the statuses allowed (comma-separated) and
   * the agent who must hold it ('' for anyone). Returns appendMessage's answer with the
   * conversation's json after it, or {-2, json} when the conversation does not meet the condition
   * ({-2} when there is no such conversation).
   */
  postMessage: {
    keys: 4,
    lua: `${APPEND_MESSAGE_LUA}
      local record = redis.call('GET', KEYS[1])
      if not record then return {-2} end
      local conversation = cjson.decode(record)
      local allowed = false
      for status in string.gmatch(ARGV[10], '[^,]+') do
        if conversation.status == status then allowed = true end
      end
      if not allowed or (ARGV[11] ~= '' and conversation.agentId ~= ARGV[11]) then return {-2, record} end
      local result = append_message(KEYS[2], KEYS[3], KEYS[4], ARGV)
      table.insert(result, record)
      return result`,
  },
  /**
   * KEYS: bucket. ARGV: capacity, refill per second, now. Returns 1 when a token was taken. The key
   * expires when the bucket would be full again: only then is it the same as no key.
   */
  takeToken: {
    keys: 1,
    lua: `${TAKE_TOKEN_LUA}
      local capacity, per_second = tonumber(ARGV[1]), tonumber(ARGV[2])
      local allowed, tokens = take_token(KEYS[1], '', capacity, per_second, tonumber(ARGV[3]))
      redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 1000 / per_second) + 1000)
      if allowed then return 1 end
      return 0`,
  },
  /** KEYS: announced waits. ARGV: queue id, inputs. Returns 1 when they differ from those recorded (now replaced). */
  swapAnnounced: {
    keys: 1,
    lua: `
      if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 0 end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      return 1`,
  },
  /**
   * KEYS: the conversation's notes. ARGV: client id, author key (agent id, or ''), json, max.
   * Returns {0, stored json} when a note with that client id and author is there (whatever the
   * count), {-1} when the list holds `max` notes already, else {1, json} after appending it.
   */
  appendNote: {
    keys: 1,
    lua: `
      local notes = redis.call('LRANGE', KEYS[1], 0, -1)
      for _, json in ipairs(notes) do
        local note = cjson.decode(json)
        local author = note['agentId']
        if type(author) ~= 'string' then author = '' end
        if note['clientId'] == ARGV[1] and author == ARGV[2] then return {0, json} end
      end
      if #notes >= tonumber(ARGV[4]) then return {-1} end
      redis.call('RPUSH', KEYS[1], ARGV[3])
      return {1, ARGV[3]}`,
  },
  /**
   * KEYS: a record. ARGV: its JSON as read, its next JSON. Writes the next only if the record is
   * still exactly as read (compare-and-set on the whole record). Returns 1 when written.
   */
  replaceRecord: {
    keys: 1,
    lua: `
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[1], ARGV[2])
      return 1`,
  },
  /**
   * KEYS: the account, the agents set. ARGV: expected version, next JSON, the account's id, the
   * key of an account less its id (`{prefix}agent:`). Compare-and-set on the version (a record
   * from before versions counts as 0), refusing to take away the last active manager: when the
   * stored account is an active manager and the next is not, every other account is read (the
   * agents number in the hundreds) to find another. Other accounts' keys are built here rather
   * than passed in, so that the check and the write see one state; this store runs on one Redis,
   * not a cluster. Returns 1 saved, 0 conflict, 2 last manager. The next JSON is written as given
   * (cjson only reads: it would rewrite an empty list as an object).
   */
  replaceAgent: {
    keys: 2,
    lua: `
      local current = redis.call('GET', KEYS[1])
      if not current then return 0 end
      local stored = cjson.decode(current)
      local version = stored['version']
      if type(version) ~= 'number' then version = 0 end
      if version ~= tonumber(ARGV[1]) then return 0 end
      local next = cjson.decode(ARGV[2])
      if next['email'] ~= stored['email'] then return 0 end
      local function activeManager(agent)
        return agent['role'] == 'manager' and agent['active'] ~= false
      end
      if activeManager(stored) and not activeManager(next) then
        local another = false
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
          if id ~= ARGV[3] then
            local json = redis.call('GET', ARGV[4] .. id)
            if json and activeManager(cjson.decode(json)) then
              another = true
              break
            end
          end
        end
        if not another then return 2 end
      end
      redis.call('SET', KEYS[1], ARGV[2])
      return 1`,
  },
  /** KEYS: the record, the set of ids. ARGV: json, id. Returns 1 when added, 0 when the id is taken. */
  insertRecord: {
    keys: 2,
    lua: `
      if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
      redis.call('SADD', KEYS[2], ARGV[2])
      return 1`,
  },
  /** KEYS: email claim, agent, agents set. ARGV: id, json. */
  insertAgent: {
    keys: 3,
    lua: `
      if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
      if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
      redis.call('SET', KEYS[2], ARGV[2])
      redis.call('SADD', KEYS[3], ARGV[1])
      return 1`,
  },
  /** KEYS: item, its queue's inbox, the whole inbox. ARGV: json, id, createdAt. Returns 1 when added. */
  insertInboxItem: {
    keys: 3,
    lua: `
      if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
      redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
      redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
      return 1`,
  },
  /**
   * KEYS: the day's pages set, the page's HLL, other's HLL, the day's HLL, the language's HLL.
   * ARGV: page, other's name, max pages, ttl ms, visitor keys… Counts the visitors under the page
   * while the day has room for it (or has it), else under other; refreshes every key's expiry.
   */
  recordExposure: {
    keys: 5,
    lua: `
      local page_key = KEYS[2]
      if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then
        local counted = redis.call('SCARD', KEYS[1]) - redis.call('SISMEMBER', KEYS[1], ARGV[2])
        if counted < tonumber(ARGV[3]) then
          redis.call('SADD', KEYS[1], ARGV[1])
        else
          redis.call('SADD', KEYS[1], ARGV[2])
          page_key = KEYS[3]
        end
      end
      local visitors = {}
      for i = 5, #ARGV do visitors[#visitors + 1] = ARGV[i] end
      redis.call('PFADD', page_key, unpack(visitors))
      redis.call('PFADD', KEYS[4], unpack(visitors))
      redis.call('PFADD', KEYS[5], unpack(visitors))
      for _, key in ipairs({KEYS[1], page_key, KEYS[4], KEYS[5]}) do redis.call('PEXPIRE', key, ARGV[4]) end
      return 1`,
  },
  /**
   * KEYS: the hour's counters hash, its page groups set, the scope's hours zset. ARGV: max pages,
   * ttl ms, hour, visitors' HLL key prefix, other's name, the zset's cutoff score, then per fact:
   * page, the rest of its dims key, figure, by, visitor key ('' for none). A page beyond the hour's
   * bound counts as other; a fact with a visitor counts only when PFADD says the visitor is new.
   */
  reportRecord: {
    keys: 3,
    lua: `
      local sep, fs = string.char(31), string.char(30)
      local max_pages, ttl = tonumber(ARGV[1]), ARGV[2]
      for i = 7, #ARGV, 5 do
        local page = ARGV[i]
        if redis.call('SISMEMBER', KEYS[2], page) == 0 then
          local counted = redis.call('SCARD', KEYS[2]) - redis.call('SISMEMBER', KEYS[2], ARGV[5])
          if counted >= max_pages then page = ARGV[5] end
          redis.call('SADD', KEYS[2], page)
        end
        local field = page .. sep .. ARGV[i + 1] .. fs .. ARGV[i + 2]
        local counts = true
        if ARGV[i + 4] ~= '' then
          local hll = ARGV[4] .. redis.sha1hex(field)
          counts = redis.call('PFADD', hll, ARGV[i + 4]) == 1
          redis.call('PEXPIRE', hll, ttl)
        end
        if counts then redis.call('HINCRBY', KEYS[1], field, ARGV[i + 3]) end
      end
      redis.call('PEXPIRE', KEYS[1], ttl)
      redis.call('PEXPIRE', KEYS[2], ttl)
      redis.call('ZADD', KEYS[3], ARGV[3], ARGV[3])
      redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[6])
      redis.call('PEXPIRE', KEYS[3], ttl)
      return 1`,
  },
  /**
   * KEYS: change, pending, decided, ready, decided counter. ARGV: expected version, json, id,
   * status, pending score, ready score, keep, change key prefix. Returns 1 when written.
   */
  putRolloutChange: {
    keys: 5,
    lua: `${WRITE_CHANGE_LUA}
      local version, previous_status = stored_change(KEYS[1])
      if version ~= tonumber(ARGV[1]) then return 0 end
      write_change(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8], previous_status)
      return 1`,
  },
  /**
   * KEYS: policy, then putRolloutChange's. ARGV: expected policy version, policy json, then
   * putRolloutChange's. Returns 1 when both were written, 0 when the policy moved, -1 the change.
   */
  savePolicyWithChange: {
    keys: 6,
    lua: `${WRITE_CHANGE_LUA}
      local current = redis.call('GET', KEYS[1])
      local policy_version = 0
      if current then policy_version = cjson.decode(current)['version'] end
      if policy_version ~= tonumber(ARGV[1]) then return 0 end
      local version, previous_status = stored_change(KEYS[2])
      if version ~= tonumber(ARGV[3]) then return -1 end
      redis.call('SET', KEYS[1], ARGV[2])
      write_change(KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9]), ARGV[10], previous_status)
      return 1`,
  },
  /**
   * KEYS: the audit list, its head (a hash: `seq`, `hash` of the last entry). ARGV: seq, previous
   * hash, json, the genesis hash. Appends only if the entry follows the head (seq one more, linked
   * to its hash), and moves the head. Returns 1 when appended. No entry is decoded here: an entry
   * holds whatever a caller recorded, and Lua's cjson refuses some valid JSON (lone surrogates).
   */
  appendAudit: {
    keys: 2,
    lua: `
      local head = redis.call('HMGET', KEYS[2], 'seq', 'hash')
      local seq = tonumber(head[1]) or 0
      local last_hash = head[2] or ARGV[4]
      if seq + 1 ~= tonumber(ARGV[1]) or last_hash ~= ARGV[2] then return 0 end
      redis.call('RPUSH', KEYS[1], ARGV[3])
      redis.call('HSET', KEYS[2], 'seq', ARGV[1], 'hash', ARGV[5])
      return 1`,
  },
  /** KEYS: the record. ARGV: expected version (0: none stored yet), json. Returns 1 when written. */
  saveVersioned: {
    keys: 1,
    lua: `
      local current = redis.call('GET', KEYS[1])
      local version = 0
      if current then version = cjson.decode(current)['version'] end
      if version ~= tonumber(ARGV[1]) then return 0 end
      redis.call('SET', KEYS[1], ARGV[2])
      return 1`,
  },
  /**
   * KEYS: item, answered set. ARGV: expected version, json, id, answeredAt ('' while unanswered).
   * Returns 1 when saved, 0 on a version mismatch or a missing item.
   */
  saveInboxItem: {
    keys: 2,
    lua: `
      local current = redis.call('GET', KEYS[1])
      if not current then return 0 end
      if cjson.decode(current)['version'] ~= tonumber(ARGV[1]) then return 0 end
      redis.call('SET', KEYS[1], ARGV[2])
      if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3]) end
      return 1`,
  },
} as const;

/** appendMessage's answer: {created, seq, json}, or {-1} when rate limited. */
type AppendAnswer = [number, number?, string?];

/** ARGV of APPEND_MESSAGE_LUA for a draft. */
function appendArguments(draft: MessageDraft, rate: AppendRate | undefined): Array<string | number> {
  return [
    `${draft.author.kind}:${draft.clientId}`,
    JSON.stringify(draft),
    rate === undefined ? '' : `rate:${draft.author.kind}:`,
    rate?.policy.capacity ?? 0,
    rate?.policy.refillPerSecond ?? 0,
    rate?.now ?? 0,
    resetsIdleClock(draft.author.kind) ? '1' : '0',
    draft.conversationId,
    draft.sentAt,
  ];
}

function appendResult(draft: MessageDraft, [created, seq, json]: AppendAnswer): AppendResult {
  if (created === -1) return { outcome: 'rate_limited' };
  return { outcome: 'stored', message: { ...(JSON.parse(json!) as MessageDraft), seq: seq! }, created: created === 1 };
}

type ScriptName = keyof typeof SCRIPTS;
type ScriptClient = Redis & Record<ScriptName, (...keysAndArgs: Array<string | number>) => Promise<unknown>>;

export interface RedisStoreOptions {
  /** Prefix of every key, e.g. `gc:`. */
  keyPrefix: string;
}

/** Builds the store on a connected client. Closing the store quits the client. */
export function createRedisStore(client: Redis, options: RedisStoreOptions): Store {
  for (const [name, script] of Object.entries(SCRIPTS)) {
    // A script without a fixed number of keys is called with the number first.
    if (!(name in client)) client.defineCommand(name, { numberOfKeys: script.keys ?? undefined, lua: script.lua });
  }
  const redis = client as ScriptClient;
  const keys = redisKeys(options.keyPrefix);
  /** The keys a rollout change's write touches (WRITE_CHANGE_LUA). */
  const changeKeys = (change: RolloutChange): string[] => [
    keys.rolloutChange(change.id),
    keys.rolloutPending(change.siteId),
    keys.rolloutDecided(change.siteId),
    keys.rolloutReady(),
    keys.rolloutDecidedSeq(),
  ];
  const changeArgs = (change: RolloutChange, expectedVersion: number): Array<string | number> => [
    expectedVersion,
    JSON.stringify(change),
    change.id,
    change.status,
    change.applyAt ?? change.proposedAt,
    changeReadyAt(change) ?? '',
    DECIDED_CHANGES_KEPT,
    keys.rolloutChange(''),
  ];

  const store: Store = {
    kind: 'redis',
    rateLimits: {
      take: async (key, policy, now) =>
        (await redis.takeToken(keys.rateLimit(key), policy.capacity, policy.refillPerSecond, now)) === 1,
    },
    sites: {
      get: async (id) => upgradeSite(parse<Site>(await redis.get(keys.site(id)))),
      put: async (site) => {
        await redis.multi().set(keys.site(site.id), JSON.stringify(site)).sadd(keys.sites(), site.id).exec();
      },
      insert: async (site) => (await redis.insertRecord(keys.site(site.id), keys.sites(), JSON.stringify(site), site.id)) === 1,
      // The stored text is compared in the script, and what it means (upgraded, as `get` reads it) here.
      replace: async (next, expected) => {
        const raw = await redis.get(keys.site(next.id));
        if (raw === null || !isDeepStrictEqual(upgradeSite(parse<Site>(raw)), expected)) return false;
        return (await redis.replaceRecord(keys.site(next.id), raw, JSON.stringify(next))) === 1;
      },
      list: async () => (await readAll<Site>(redis, await redis.smembers(keys.sites()), keys.site)).map(upgradeSite),
    },
    queues: {
      get: async (id) => parse<Queue>(await redis.get(keys.queueConfig(id))),
      put: async (queue) => {
        await redis.multi().set(keys.queueConfig(queue.id), JSON.stringify(queue)).sadd(keys.queueConfigs(), queue.id).exec();
      },
      insert: async (queue) => (await redis.insertRecord(keys.queueConfig(queue.id), keys.queueConfigs(), JSON.stringify(queue), queue.id)) === 1,
      replace: async (next, expected) => {
        const raw = await redis.get(keys.queueConfig(next.id));
        if (raw === null || !isDeepStrictEqual(parse<Queue>(raw), expected)) return false;
        return (await redis.replaceRecord(keys.queueConfig(next.id), raw, JSON.stringify(next))) === 1;
      },
      list: async () => readAll<Queue>(redis, await redis.smembers(keys.queueConfigs()), keys.queueConfig),
    },
    agents: {
      get: async (id) => upgradeAgent(parse<Agent>(await redis.get(keys.agent(id)))),
      findByEmail: async (email) => {
        const id = await redis.get(keys.agentEmail(email));
        return id === null ? null : upgradeAgent(parse<Agent>(await redis.get(keys.agent(id))));
      },
      insert: async (agent) => {
        const record = { ...agent, email: agent.email.toLowerCase() };
        const inserted = await redis.insertAgent(
          keys.agentEmail(record.email),
          keys.agent(record.id),
          keys.agents(),
          record.id,
          JSON.stringify(record),
        );
        return inserted === 1;
      },
      list: async () => (await readAll<Agent>(redis, await redis.smembers(keys.agents()), keys.agent)).map(upgradeAgent),
      setLimit: async (agentId, maxConcurrentChats) => {
        // Compare-and-set on the whole record, read and written as JSON here (Lua's cjson would
        // rewrite an empty list as an object): a concurrent write of the record makes it try again.
        for (let attempt = 0; attempt < RECORD_CAS_ATTEMPTS; attempt++) {
          const json = await redis.get(keys.agent(agentId));
          if (json === null) return null;
          const stored = JSON.parse(json) as Agent;
          const next = { ...stored, maxConcurrentChats, version: (stored.version ?? 0) + 1 };
          if ((await redis.replaceRecord(keys.agent(agentId), json, JSON.stringify(next))) === 1) return upgradeAgent(next);
        }
        throw new AppError('conflict', 'This account changed while you acted on it; try again.');
      },
      replace: async (next, expectedVersion) => {
        const outcome = await redis.replaceAgent(keys.agent(next.id), keys.agents(), expectedVersion, JSON.stringify(next), next.id, keys.agent(''));
        return outcome === 1 ? 'saved' : outcome === 2 ? 'last_manager' : 'conflict';
      },
    },
    sessions: {
      put: async (session) => {
        const ttl = Math.max(1, session.expiresAt - session.lastSeenAt) + SESSION_KEY_MARGIN_MS;
        await redis.set(keys.session(session.id), JSON.stringify(session), 'PX', ttl);
      },
      get: async (id) => upgradeSession(parse<Session>(await redis.get(keys.session(id)))),
      delete: async (id) => void (await redis.del(keys.session(id))),
    },
    presence: {
      get: async (agentId) => parse<AgentPresence>(await redis.get(keys.presence(agentId))),
      put: async (presence) => {
        await redis
          .multi()
          .set(keys.presence(presence.agentId), JSON.stringify(presence))
          .sadd(keys.presenceIndex(), presence.agentId)
          .exec();
      },
      list: async () => readAll<AgentPresence>(redis, await redis.smembers(keys.presenceIndex()), keys.presence),
      noteAssignment: async (agentId, at) => void (await redis.hset(keys.lastAssignments(), agentId, at)),
      lastAssignments: async () =>
        new Map(Object.entries(await redis.hgetall(keys.lastAssignments())).map(([agentId, at]) => [agentId, Number(at)])),
    },
    conversations: {
      insert: async (conversation): Promise<InsertResult> => {
        const [inserted, revision, rank] = (await redis.insertConversation(
          keys.conversation(conversation.id),
          keys.queue(conversation.queueId),
          keys.queues(),
          keys.queueRevisions(),
          JSON.stringify(conversation),
          conversation.id,
          conversation.status,
          queueScore(conversation),
          conversation.queueId,
        )) as [number, number?, number?];
        if (inserted !== 1) return { inserted: false };
        return { inserted: true, joined: queueMove(conversation, revision ?? -1, rank ?? -1) };
      },
      get: async (id) => upgradeConversation(parse<Conversation>(await redis.get(keys.conversation(id)))),
      save: async (next: Conversation, current: Conversation, capacity?: AgentCapacityGuard): Promise<SaveResult> => {
        // The previous holder's active set and queue (in KEYS) come from the record the caller read;
        // the script checks its version, so a record that changed since is a conflict, never a
        // wrong key. One round trip per save.
        const { keys: scriptKeys, args } = saveArguments(keys, next, current, capacity);
        return saveResult(next, current, (await redis.saveConversation(...scriptKeys, ...args)) as ScriptSaveReply);
      },
      saveMany: async (changes) => {
        if (changes.length === 0) return [];
        const scriptKeys: string[] = [];
        const args: Array<string | number> = [];
        for (const change of changes) {
          const one = saveArguments(keys, change.next, change.previous, change.capacity);
          scriptKeys.push(...one.keys);
          args.push(...one.args, change.group);
        }
        const replies = (await redis.saveConversations(scriptKeys.length, ...scriptKeys, ...args)) as ScriptSaveReply[];
        return replies.map((reply, i) =>
          reply[0] === 'skipped' ? { outcome: 'skipped' as const } : saveResult(changes[i]!.next, changes[i]!.previous, reply),
        );
      },
      listQueued: async (only?: string, limit?: number) => {
        const queueIds = only === undefined ? (await redis.smembers(keys.queues())).sort() : [only];
        if (limit !== undefined && limit < 1) return [];
        const last = limit === undefined ? -1 : Math.floor(limit) - 1;
        const ids = (await Promise.all(queueIds.map((queueId) => redis.zrange(keys.queue(queueId), 0, last)))).flat();
        return (await readAll<Conversation>(redis, ids, keys.conversation)).map(upgradeConversation);
      },
      countActiveByAgent: async (agentIds) => {
        if (agentIds.length === 0) return new Map();
        const pipeline = redis.pipeline();
        for (const agentId of agentIds) pipeline.scard(keys.agentActive(agentId));
        const replies = (await pipeline.exec()) ?? [];
        return new Map(
          agentIds.map((agentId, i) => {
            const [error, count] = replies[i] ?? [null, 0];
            if (error) throw error;
            return [agentId, Number(count)];
          }),
        );
      },
      queuePlace: async ({ id, queueId }) => {
        const replies = await redis.multi().zrank(keys.queue(queueId), id).zscore(keys.queue(queueId), id).hget(keys.queueRevisions(), queueId).exec();
        const [rank, score, revision] = (replies ?? []).map(([error, value]) => {
          if (error !== null) throw error;
          return value;
        });
        if (rank === null || rank === undefined) return null;
        return { position: Number(rank) + 1, key: Number(score), revision: Number(revision ?? 0) };
      },
      queueRevisions: async () =>
        Object.fromEntries(Object.entries(await redis.hgetall(keys.queueRevisions())).map(([queueId, revision]) => [queueId, Number(revision)])),
      queueLengths: async () => {
        const queueIds = await redis.smembers(keys.queues());
        if (queueIds.length === 0) return {};
        const pipeline = redis.pipeline();
        for (const queueId of queueIds) pipeline.zcard(keys.queue(queueId));
        const replies = (await pipeline.exec()) ?? [];
        const lengths: Record<string, number> = {};
        queueIds.forEach((queueId, i) => {
          const [error, count] = replies[i] ?? [null, 0];
          if (error) throw error;
          if (Number(count) > 0) lengths[queueId] = Number(count);
        });
        return lengths;
      },
      oldestQueuedAt: async () => {
        // A queue's set is in service order: chats given back (one priority above the rest) first,
        // then the others, each part oldest first. So the longest wait is that of the head or of
        // the first chat of priority 0 (score ≥ 0): two entries per queue, whatever its length.
        const queueIds = await redis.smembers(keys.queues());
        if (queueIds.length === 0) return {};
        const pipeline = redis.pipeline();
        for (const queueId of queueIds) {
          pipeline.zrange(keys.queue(queueId), 0, 0, 'WITHSCORES');
          pipeline.zrangebyscore(keys.queue(queueId), 0, '+inf', 'WITHSCORES', 'LIMIT', 0, 1);
        }
        const replies = (await pipeline.exec()) ?? [];
        const oldest: Record<string, number> = {};
        queueIds.forEach((queueId, i) => {
          for (const [error, reply] of [replies[2 * i] ?? [null, []], replies[2 * i + 1] ?? [null, []]]) {
            if (error) throw error;
            const score = (reply as string[] | undefined)?.[1];
            if (score !== undefined) oldest[queueId] = Math.min(oldest[queueId] ?? Infinity, queuedAtOfScore(Number(score)));
          }
        });
        return oldest;
      },
      listActiveByAgent: async (agentId) =>
        (await readAll<Conversation>(redis, await redis.smembers(keys.agentActive(agentId)), keys.conversation))
          .map(upgradeConversation)
          .sort((a, b) => (a.assignedAt ?? 0) - (b.assignedAt ?? 0)),
      deleteClosedBefore: async (cutoff) => {
        let deleted = 0;
        for (;;) {
          const ids = await redis.zrangebyscore(keys.closed(), '-inf', `(${cutoff}`, 'LIMIT', 0, RETENTION_BATCH);
          if (ids.length === 0) return deleted;
          // A wrap-up still owed goes with its chat, and so does the slot it took (a closed record
          // changes only by its wrap-up, whose save drops the slot too: removing it twice is harmless).
          const closed = await readAll<Conversation>(redis, ids, keys.conversation);
          const batch = redis.multi();
          for (const conversation of closed) if (conversation.agentId !== null) batch.srem(keys.agentActive(conversation.agentId), conversation.id);
          for (const id of ids) {
            batch.del(keys.conversation(id), keys.messages(id), keys.messageIndex(id), keys.notes(id)).zrem(keys.closed(), id).zrem(keys.wrapUps(), id);
          }
          await batch.exec();
          deleted += ids.length;
        }
      },
      wrapUpsDue: async (at, limit) =>
        (await readAll<Conversation>(redis, await redis.zrangebyscore(keys.wrapUps(), '-inf', at, 'LIMIT', 0, limit), keys.conversation)).map(
          upgradeConversation,
        ),
      closedBetween: async (from, to, after, limit) => {
        if (limit <= 0 || from > to) return [];
        const parse = (flat: string[]): ClosedEntry[] => {
          const entries: ClosedEntry[] = [];
          for (let i = 0; i < flat.length; i += 2) entries.push({ id: flat[i]!, closedAt: Number(flat[i + 1]) });
          return entries;
        };
        const entries: ClosedEntry[] = [];
        let max = String(to);
        if (after !== null) {
          if (after.closedAt < from) return [];
          // Ties at the cursor's millisecond (a few at most) sort by id, descending, as members of
          // equal score do in a reversed range: read them, keep those past the cursor.
          if (after.closedAt <= to) {
            const ties = parse(await redis.zrange(keys.closed(), after.closedAt, after.closedAt, 'BYSCORE', 'REV', 'LIMIT', 0, CLOSED_TIES_MAX, 'WITHSCORES'));
            entries.push(...ties.filter((entry) => entry.id < after.id).slice(0, limit));
            max = `(${after.closedAt}`;
          }
        }
        if (entries.length < limit) {
          entries.push(...parse(await redis.zrange(keys.closed(), max, from, 'BYSCORE', 'REV', 'LIMIT', 0, limit - entries.length, 'WITHSCORES')));
        }
        return entries;
      },
      listOpen: async () => {
        const queueIds = (await redis.smembers(keys.queues())).sort();
        const idLists = await Promise.all([...queueIds.map((queueId) => redis.zrange(keys.queue(queueId), 0, -1)), redis.zrange(keys.idleSince(), 0, -1)]);
        return (await readAll<Conversation>(redis, idLists.flat(), keys.conversation)).map((record) => presenceFacts(upgradeConversation(record)));
      },
      idleSince: async () => {
        const flat = await redis.zrange(keys.idleSince(), 0, -1, 'WITHSCORES');
        const since = new Map<string, number>();
        for (let i = 0; i < flat.length; i += 2) since.set(flat[i]!, Number(flat[i + 1]));
        return since;
      },
      noteActivity: async (conversationId, at) => void (await redis.zadd(keys.idleSince(), 'XX', 'GT', at, conversationId)),
    },
    messages: {
      append: async (draft: MessageDraft, rate?: AppendRate): Promise<AppendResult> =>
        appendResult(
          draft,
          (await redis.appendMessage(keys.messageIndex(draft.conversationId), keys.messages(draft.conversationId), keys.idleSince(), ...appendArguments(draft, rate))) as AppendAnswer,
        ),
      post: async (draft, condition, rate): Promise<PostResult> => {
        const answer = (await redis.postMessage(
          keys.conversation(draft.conversationId),
          keys.messageIndex(draft.conversationId),
          keys.messages(draft.conversationId),
          keys.idleSince(),
          ...appendArguments(draft, rate),
          condition.statuses.join(','),
          condition.heldBy ?? '',
        )) as [number, ...unknown[]];
        if (answer[0] === -2) {
          const record = answer[1] as string | undefined;
          return { outcome: 'refused', conversation: record === undefined ? null : upgradeConversation(JSON.parse(record) as Conversation) };
        }
        const record = answer[answer.length - 1] as string;
        return { ...appendResult(draft, answer.slice(0, -1) as AppendAnswer), conversation: upgradeConversation(JSON.parse(record) as Conversation) };
      },
      listAfter: async (conversationId, afterSeq, limit) => {
        const entries = await redis.xrange(keys.messages(conversationId), `${afterSeq + 1}-0`, '+', 'COUNT', limit);
        return entries.map(([id, fields]) => ({ ...(JSON.parse(fields[1] ?? '{}') as MessageDraft), seq: Number(id.split('-')[0]) }));
      },
      lastSeq: async (conversationId) => Number((await redis.hget(keys.messageIndex(conversationId), 'seq')) ?? 0),
    },
    inbox: {
      insert: async (item) =>
        (await redis.insertInboxItem(
          keys.inboxItem(item.id),
          keys.inboxOfQueue(item.queueId),
          keys.inbox(),
          JSON.stringify(item),
          item.id,
          item.createdAt,
        )) === 1,
      get: async (id) => parse<InboxItem>(await redis.get(keys.inboxItem(id))),
      save: async (next, expectedVersion) =>
        (await redis.saveInboxItem(keys.inboxItem(next.id), keys.inboxAnswered(), expectedVersion, JSON.stringify(next), next.id, next.answeredAt ?? '')) === 1,
      list: async (queueIds, before, limit) => {
        const sets = queueIds === null ? [keys.inbox()] : queueIds.map(keys.inboxOfQueue);
        const entries = (await Promise.all(sets.map((set) => newestInSet(redis, set, before, limit)))).flat();
        entries.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
        return readAll<InboxItem>(redis, entries.slice(0, limit).map((entry) => entry.id), keys.inboxItem);
      },
      deleteAnsweredBefore: async (cutoff) => {
        let deleted = 0;
        for (;;) {
          const ids = await redis.zrangebyscore(keys.inboxAnswered(), '-inf', `(${cutoff}`, 'LIMIT', 0, RETENTION_BATCH);
          if (ids.length === 0) return deleted;
          // An answer is final, so the queue read here is still the item's when it goes.
          const items = await readAll<InboxItem>(redis, ids, keys.inboxItem);
          const batch = redis.multi();
          for (const item of items) batch.zrem(keys.inboxOfQueue(item.queueId), item.id);
          for (const id of ids) batch.del(keys.inboxItem(id)).zrem(keys.inbox(), id).zrem(keys.inboxAnswered(), id);
          await batch.exec();
          deleted += ids.length;
        }
      },
    },
    counters: {
      add: async (name, by = 1) => void (await redis.hincrby(keys.counters(), name, by)),
      read: async (names) => {
        if (names.length === 0) return {};
        const values = await redis.hmget(keys.counters(), ...names);
        return Object.fromEntries(names.map((name, i) => [name, Number(values[i] ?? 0)]));
      },
    },
    personas: {
      get: async (siteId) => parse<Persona>(await redis.get(keys.persona(siteId))),
      save: async (next, expectedVersion) => (await redis.saveVersioned(keys.persona(next.siteId), expectedVersion, JSON.stringify(next))) === 1,
      getAvatar: async (siteId) => parse<PersonaAvatarImage>(await redis.get(keys.personaAvatar(siteId))),
      putAvatar: async (image) => void (await redis.set(keys.personaAvatar(image.siteId), JSON.stringify(image))),
    },
    staffingPlans: {
      get: async (siteId) => parse<StaffingPlan>(await redis.get(keys.staffingPlan(siteId))),
      save: async (next, expectedVersion) => (await redis.saveVersioned(keys.staffingPlan(next.siteId), expectedVersion, JSON.stringify(next))) === 1,
    },
    rolloutPolicies: {
      get: async (siteId) => parse<RolloutPolicy>(await redis.get(keys.rolloutPolicy(siteId))),
      save: async (next, expectedVersion) => (await redis.saveVersioned(keys.rolloutPolicy(next.siteId), expectedVersion, JSON.stringify(next))) === 1,
      saveWithChange: async (next, expectedVersion, change, expectedChangeVersion): Promise<PolicyCommit> => {
        const done = await redis.savePolicyWithChange(
          keys.rolloutPolicy(next.siteId),
          ...changeKeys(change),
          expectedVersion,
          JSON.stringify(next),
          ...changeArgs(change, expectedChangeVersion),
        );
        return done === 1 ? 'saved' : done === 0 ? 'policy_moved' : 'change_moved';
      },
    },
    rolloutChanges: {
      get: async (id) => parse<RolloutChange>(await redis.get(keys.rolloutChange(id))),
      put: async (change, expectedVersion) => (await redis.putRolloutChange(...changeKeys(change), ...changeArgs(change, expectedVersion))) === 1,
      pending: async (siteId, limit) =>
        limit <= 0 ? [] : readAll<RolloutChange>(redis, await redis.zrange(keys.rolloutPending(siteId), 0, limit - 1), keys.rolloutChange),
      pendingCount: async (siteId) => redis.zcard(keys.rolloutPending(siteId)),
      decided: async (siteId, limit) =>
        limit <= 0 ? [] : readAll<RolloutChange>(redis, await redis.zrevrange(keys.rolloutDecided(siteId), 0, limit - 1), keys.rolloutChange),
      readyBy: async (now, limit) =>
        limit <= 0 ? [] : readAll<RolloutChange>(redis, await redis.zrangebyscore(keys.rolloutReady(), '-inf', now, 'LIMIT', 0, limit), keys.rolloutChange),
      setSchedulePaused: async (siteId, paused) =>
        (paused ? await redis.sadd(keys.rolloutPaused(), siteId) : await redis.srem(keys.rolloutPaused(), siteId)) === 1,
      schedulePaused: async (siteId) => (await redis.sismember(keys.rolloutPaused(), siteId)) === 1,
    },
    audit: {
      head: async () => {
        const [seq, hash] = await redis.hmget(keys.auditHead(), 'seq', 'hash');
        return seq == null || hash == null ? null : { seq: Number(seq), hash };
      },
      append: async (entry) =>
        (await redis.appendAudit(keys.audit(), keys.auditHead(), entry.seq, entry.previousHash, JSON.stringify(entry), GENESIS_HASH, entry.hash)) === 1,
      range: async (fromSeq, toSeq) => {
        if (toSeq < fromSeq || toSeq < 1) return [];
        return (await redis.lrange(keys.audit(), Math.max(0, fromSeq - 1), toSeq - 1)).map((json) => JSON.parse(json) as AuditEntry);
      },
    },
    capacityGuards: {
      list: async () => Object.values(await redis.hgetall(keys.capacityGuards())).map((json) => JSON.parse(json) as GuardRecord),
      put: async (records) => {
        if (records.length === 0) return;
        await redis.hset(keys.capacityGuards(), Object.fromEntries(records.map((record) => [`${record.siteId}|${record.queueId}`, JSON.stringify(record)])));
      },
    },
    exposure: {
      record: async (hits, maxPages, retentionMs) => {
        // One script call per site, day, page and language, with all of its visitors.
        const groups = new Map<string, ExposureHit[]>();
        for (const hit of hits) {
          const group = `${hit.siteId}\n${hit.day}\n${hit.page}\n${hit.language}`;
          const list = groups.get(group);
          if (list === undefined) groups.set(group, [hit]);
          else list.push(hit);
        }
        await Promise.all(
          [...groups.values()].map((group) => {
            const { siteId, day, page, language } = group[0]!;
            return redis.recordExposure(
              keys.exposurePages(siteId, day),
              keys.exposurePage(siteId, day, page),
              keys.exposurePage(siteId, day, EXPOSURE_OTHER_PAGE),
              keys.exposureCount(siteId, day, 'all'),
              keys.exposureCount(siteId, day, language),
              page,
              EXPOSURE_OTHER_PAGE,
              maxPages,
              Math.ceil(retentionMs),
              ...group.map((hit) => hit.visitorKey),
            );
          }),
        );
      },
      read: async (siteId, day) => {
        const pages = await redis.smembers(keys.exposurePages(siteId, day));
        const counts = await Promise.all([
          redis.pfcount(keys.exposureCount(siteId, day, 'all')),
          redis.pfcount(keys.exposureCount(siteId, day, 'en')),
          redis.pfcount(keys.exposureCount(siteId, day, 'fr')),
          ...pages.map((page) => redis.pfcount(keys.exposurePage(siteId, day, page))),
        ]);
        return {
          total: counts[0]!,
          byLanguage: { en: counts[1]!, fr: counts[2]! },
          pages: sortPages(pages.map((page, i) => ({ page, visitors: counts[3 + i]! }))),
        };
      },
    },
    reports: {
      record: async (facts, maxPages, retentionMs, now) => {
        // One script call per scope and hour, with all of its facts.
        const groups = new Map<string, ReportFact[]>();
        for (const fact of facts) {
          const group = `${fact.scope}\n${fact.hour}`;
          const list = groups.get(group);
          if (list === undefined) groups.set(group, [fact]);
          else list.push(fact);
        }
        const ttl = Math.ceil(retentionMs);
        await Promise.all(
          [...groups.values()].map((group) => {
            const { scope, hour } = group[0]!;
            return redis.reportRecord(
              keys.reportHour(scope, hour),
              keys.reportPages(scope, hour),
              keys.reportHours(scope),
              maxPages,
              ttl,
              hour,
              keys.reportVisitorsPrefix(scope, hour),
              REPORT_OTHER_PAGE,
              hourOf(now - retentionMs),
              ...group.flatMap((fact) => {
                const key = dimsKey(fact.dims);
                return [fact.dims.page, key.slice(key.indexOf('\u001f') + 1), fact.figure, Math.round(fact.by), fact.visitorKey ?? ''];
              }),
            );
          }),
        );
      },
      read: async (scope, fromHour, toHour) => {
        const hours = (await redis.zrangebyscore(keys.reportHours(scope), fromHour, toHour)).map(Number);
        const pipeline = redis.pipeline();
        for (const hour of hours) pipeline.hgetall(keys.reportHour(scope, hour));
        const answers = hours.length === 0 ? [] : ((await pipeline.exec()) ?? []);
        const cells: ReportCell[] = [];
        hours.forEach((hour, i) => {
          const [error, hash] = answers[i] ?? [null, {}];
          if (error) throw error;
          const byDims = new Map<string, Record<string, number>>();
          for (const [field, value] of Object.entries(hash as Record<string, string>)) {
            const at = field.lastIndexOf('\u001e');
            const key = field.slice(0, at);
            let counts = byDims.get(key);
            if (counts === undefined) byDims.set(key, (counts = {}));
            counts[field.slice(at + 1)] = Number(value);
          }
          for (const [key, counts] of byDims) cells.push({ scope, hour, dims: parseDims(key), counts });
        });
        return cells;
      },
      claim: async (marker, ttlMs) => (await redis.set(keys.reportClaim(marker), '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK',
    },
    references: {
      // INCR is atomic across every node sharing this Redis.
      next: async () => redis.incr(keys.referenceSequence()),
    },
    conversingVisitors: {
      mark: async (visitorKey, conversationId, ttlMs) => {
        await redis.set(keys.conversing(visitorKey), conversationId, 'PX', Math.max(1, Math.ceil(ttlMs)));
      },
      conversationOf: async (visitorKey) => redis.get(keys.conversing(visitorKey)),
    },
    waits: {
      recordHandleTime: async (queueId, sample, keep) => {
        const key = keys.handleTimes(queueId);
        await redis.multi().lpush(key, `${sample.closedAt}:${sample.handleMs}`).ltrim(key, 0, Math.max(1, keep) - 1).exec();
      },
      recentHandleTimes: async (queueId) =>
        (await redis.lrange(keys.handleTimes(queueId), 0, -1)).map((entry) => {
          const [closedAt, handleMs] = entry.split(':');
          return { closedAt: Number(closedAt), handleMs: Number(handleMs) };
        }),
      swapAnnounced: async (queueId, said) => (await redis.swapAnnounced(keys.queueWaits(), queueId, said)) === 1,
    },
    notes: {
      append: async (note: ConversationNote, max: number): Promise<NoteAppendResult> => {
        const [created, json] = (await redis.appendNote(
          keys.notes(note.conversationId),
          note.clientId,
          noteAuthorKey(note),
          JSON.stringify(note),
          max,
        )) as [number, string?];
        if (created === -1 || json === undefined) return { outcome: 'full' };
        return { outcome: 'stored', note: JSON.parse(json) as ConversationNote, created: created === 1 };
      },
      list: async (conversationId) =>
        (await redis.lrange(keys.notes(conversationId), 0, -1)).map((json) => JSON.parse(json) as ConversationNote),
    },
    cannedAnswers: {
      put: async (answer) => {
        await redis.multi().set(keys.cannedAnswer(answer.id), JSON.stringify(answer)).sadd(keys.cannedAnswers(), answer.id).exec();
      },
      list: async () => readAll<CannedAnswer>(redis, await redis.smembers(keys.cannedAnswers()), keys.cannedAnswer),
    },
    wrapUpOutcomes: {
      put: async (outcome) => {
        await redis.multi().set(keys.wrapUpOutcome(outcome.id), JSON.stringify(outcome)).sadd(keys.wrapUpOutcomes(), outcome.id).exec();
      },
      list: async () =>
        (await readAll<WrapUpOutcome>(redis, await redis.smembers(keys.wrapUpOutcomes()), keys.wrapUpOutcome)).sort(compareOutcomes),
    },
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
  return failingAsUnavailable(store);
}

/**
 * Moves chats waiting in the first version's single `queue` sorted set into their own queues'
 * sets, so that an upgrade loses no one who was waiting, and starts the idle clock of chats in
 * progress that lack one. Idempotent, and a no-op once done.
 */
export async function upgradeRedisLayout(client: Redis, options: RedisStoreOptions): Promise<void> {
  const keys = redisKeys(options.keyPrefix);
  const legacy = `${options.keyPrefix}queue`;
  const waiting = await client.zrange(legacy, 0, -1, 'WITHSCORES');
  for (let i = 0; i < waiting.length; i += 2) {
    const id = waiting[i]!;
    const conversation = parse<Conversation>(await client.get(keys.conversation(id)));
    if (conversation?.status === 'queued') {
      await client
        .multi()
        .zadd(keys.queue(conversation.queueId), waiting[i + 1]!, id)
        .sadd(keys.queues(), conversation.queueId)
        .hincrby(keys.queueRevisions(), conversation.queueId, 1)
        .exec();
    }
    await client.zrem(legacy, id);
  }
  // Chats already in progress before the idle clock existed start it now (NX: never moved back).
  for (const agentId of await client.smembers(keys.agents())) {
    for (const id of await client.smembers(keys.agentActive(agentId))) {
      const conversation = parse<Conversation>(await client.get(keys.conversation(id)));
      if (conversation?.status === 'active') await client.zadd(keys.idleSince(), 'NX', conversation.assignedAt ?? Date.now(), id);
    }
  }
}

/*
 * Records written by earlier versions lack fields added since: they are read with the defaults
 * those fields had before they existed (an agent serving no queue until a manager says otherwise,
 * a topic leading to one queue whatever the language).
 */
function upgradeAgent<A extends Agent | null>(agent: A): A {
  if (agent === null) return agent;
  // Accounts from before administration: active, at the first epoch, with no link pending.
  return {
    ...agent,
    queueIds: agent.queueIds ?? [],
    active: agent.active ?? true,
    sessionEpoch: agent.sessionEpoch ?? 0,
    passwordLink: agent.passwordLink ?? null,
    version: agent.version ?? 0,
  };
}

/** Sessions from before epochs were opened under the first one (as their accounts read). */
function upgradeSession(session: Session | null): Session | null {
  return session === null ? null : { ...session, epoch: session.epoch ?? 0 };
}

/**
 * Conversations written before citizens' presence, idle warnings, transfers, wrap-ups, reference
 * numbers and surveys were kept: none noted, never transferred, no wrap-up owed, the id's first 8
 * characters as reference, no survey.
 */
function upgradeConversation<C extends Conversation | null>(conversation: C): C {
  if (conversation === null) return conversation;
  return {
    ...conversation,
    visitorLeftAt: conversation.visitorLeftAt ?? null,
    idleWarnedAt: conversation.idleWarnedAt ?? null,
    idleClosesAt: conversation.idleClosesAt ?? null,
    transfers: conversation.transfers ?? 0,
    lastTransfer: conversation.lastTransfer ?? null,
    wrapUp: conversation.wrapUp ?? null,
    // Before reference numbers, History quoted the first 8 characters of the id.
    reference: conversation.reference ?? conversation.id.slice(0, 8),
    survey: conversation.survey ?? null,
  };
}

function upgradeSite<S extends Site | null>(site: S): S {
  if (site === null) return site;
  // Before business hours: always open, and nothing else to show when chat is unavailable.
  const { hours = null, otherWays = [], selfService = [] } = site as Partial<Site>;
  const topics = site.topics.map((topic) => {
    const legacy = (topic as { queueId?: string }).queueId;
    return topic.queues === undefined && legacy !== undefined ? { id: topic.id, label: topic.label, queues: { en: legacy, fr: legacy } } : topic;
  });
  return { ...site, topics, hours, otherWays, selfService } as S;
}

/**
 * The newest ids of one inbox set after `before` (by time, then id, descending), at most `limit`.
 * Items sharing the cursor's time are counted first, so that however many share it, none is skipped.
 */
async function newestInSet(redis: Redis, set: string, before: InboxCursor | null, limit: number): Promise<InboxCursor[]> {
  const reply =
    before === null
      ? await redis.zrevrange(set, 0, limit - 1, 'WITHSCORES')
      : await redis.zrevrangebyscore(set, before.createdAt, '-inf', 'WITHSCORES', 'LIMIT', 0, limit + (await redis.zcount(set, before.createdAt, before.createdAt)));
  const entries: InboxCursor[] = [];
  for (let i = 0; i < reply.length; i += 2) entries.push({ id: reply[i]!, createdAt: Number(reply[i + 1]) });
  return (before === null ? entries : entries.filter((entry) => entry.createdAt < before.createdAt || entry.id < before.id)).slice(0, limit);
}

type ScriptSaveReply = [SaveOutcome | 'skipped', number?, number?, number?];

/** KEYS and ARGV of one save (see the saveConversation script). */
function saveArguments(
  keys: RedisKeys,
  next: Conversation,
  current: Conversation,
  capacity: AgentCapacityGuard | undefined,
): { keys: string[]; args: Array<string | number> } {
  return {
    keys: [
      keys.conversation(next.id),
      keys.queue(current.queueId),
      keys.queue(next.queueId),
      keys.closed(),
      keys.agentActive(current.agentId ?? ''),
      keys.agentActive(slotHolder(next) ?? ''),
      keys.agentActive(capacity?.agentId ?? ''),
      keys.queues(),
      keys.queueRevisions(),
      keys.idleSince(),
      keys.wrapUps(),
    ],
    args: [
      current.version,
      JSON.stringify(next),
      next.id,
      next.status,
      queueScore(next),
      next.closedAt ?? 0,
      capacity?.max ?? -1,
      current.queueId,
      next.queueId,
      // The citizen's idle clock runs while a chat is in progress, from its assignment.
      next.status !== 'active' ? 'remove' : current.status !== 'active' ? 'start' : 'keep',
      next.assignedAt ?? 0,
      slotHolder(next) === null ? '0' : '1',
      owesWrapUp(next) ? next.wrapUp!.dueAt : '',
    ],
  };
}

/** A save's outcome from the script's reply. */
function saveResult(next: Conversation, current: Conversation, [outcome, left, joined, rank]: ScriptSaveReply): SaveResult {
  if (outcome !== 'saved') return { outcome: outcome === 'at_capacity' ? 'at_capacity' : 'conflict' };
  return { outcome, left: queueMove(current, left ?? -1, -1), joined: queueMove(next, joined ?? -1, rank ?? -1) };
}

/** A queue move from a script's answer: `revision` -1 means there was none. */
function queueMove(conversation: Conversation, revision: number, rank: number): QueueMove | null {
  if (revision < 0) return null;
  return { queueId: conversation.queueId, revision, key: queueScore(conversation), position: rank < 0 ? null : rank + 1 };
}

function parse<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}

async function readAll<T>(redis: Redis, ids: string[], key: (id: string) => string): Promise<T[]> {
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map(key));
  return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as T);
}

/**
 * Turns any error from Redis into `unavailable` (retryable) for the callers, keeping AppErrors.
 * The cause stays on the error for the logs.
 */
function failingAsUnavailable(store: Store): Store {
  const wrap = <R extends object>(repository: R): R =>
    Object.fromEntries(
      Object.entries(repository).map(([name, method]) => [
        name,
        typeof method === 'function'
          ? async (...args: unknown[]) => {
              try {
                return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
              } catch (error) {
                if (error instanceof AppError) throw error;
                throw Object.assign(new AppError('unavailable', 'The chat service is briefly unavailable; try again.'), {
                  cause: error,
                });
              }
            }
          : method,
      ]),
    ) as R;
  return {
    ...wrap({ ping: store.ping, close: store.close }),
    kind: store.kind,
    rateLimits: wrap(store.rateLimits),
    sites: wrap(store.sites),
    queues: wrap(store.queues),
    agents: wrap(store.agents),
    sessions: wrap(store.sessions),
    presence: wrap(store.presence),
    conversations: wrap(store.conversations),
    messages: wrap(store.messages),
    inbox: wrap(store.inbox),
    counters: wrap(store.counters),
    waits: wrap(store.waits),
    rolloutPolicies: wrap(store.rolloutPolicies),
    staffingPlans: wrap(store.staffingPlans),
    capacityGuards: wrap(store.capacityGuards),
    exposure: wrap(store.exposure),
    reports: wrap(store.reports),
    conversingVisitors: wrap(store.conversingVisitors),
    references: wrap(store.references),
    rolloutChanges: wrap(store.rolloutChanges),
    audit: wrap(store.audit),
    notes: wrap(store.notes),
    cannedAnswers: wrap(store.cannedAnswers),
    wrapUpOutcomes: wrap(store.wrapUpOutcomes),
    personas: wrap(store.personas),
  };
}

