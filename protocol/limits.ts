/**
 * Size limits shared by the server (which enforces them) and the clients (which show them).
 * Kept free of any schema library so the widget can import them without pulling one in.
 */

/** Longest chat message, in characters, after trimming. */
export const MESSAGE_TEXT_MAX = 2000;
/** Longest first name a citizen may give. */
export const VISITOR_NAME_MAX = 60;
/** Longest page address recorded with a conversation. */
export const PAGE_URL_MAX = 2048;
/** Longest page title recorded with a conversation. */
export const PAGE_TITLE_MAX = 200;
/** Client-generated ids: 8 to 64 URL-safe characters (a UUID fits). */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** Longest email and password accepted at sign-in. */
export const EMAIL_MAX = 254;
export const PASSWORD_MAX = 200;
/** Most messages returned by one catch-up request; clients page with `afterSeq`. */
export const MESSAGES_PAGE_MAX = 100;
/**
 * Most characters of message text in one catch-up page (at least one message is always sent), so
 * that an answer stays small whatever the messages hold: 16 of the longest messages.
 */
export const MESSAGES_PAGE_TEXT_MAX = 32_000;
/** Largest HTTP request body the server reads, in bytes. */
export const HTTP_BODY_MAX_BYTES = 16 * 1024;
/**
 * Largest Socket.IO frame the server reads, in bytes. Bigger frames close the connection (that is
 * Engine.IO's behaviour), so it sits well above the largest valid payload: anything between a valid
 * payload and this size is answered with a clear `invalid_payload` error instead.
 */
export const SOCKET_FRAME_MAX_BYTES = 64 * 1024;
/** Most inbox items in one page of the console's inbox. */
export const INBOX_PAGE_MAX = 50;
/** Most internal notes an agent may add to one conversation (notes are never sent to the citizen). */
export const NOTES_PER_CONVERSATION_MAX = 100;
/**
 * A citizen's language switches are recorded in the conversation's notes only while it holds fewer
 * than this many entries, so that switching back and forth can never crowd out the agents' notes.
 */
export const LANGUAGE_SWITCH_NOTES_MAX = 20;
/**
 * Highest chat limit a supervisor may give an agent (`agent:set-limit`; the lowest is 1). Each
 * chat needs the agent's attention: beyond a handful, citizens wait on an agent who is busy.
 */
export const AGENT_CHAT_LIMIT_MAX = 20;
/** Most chats one console connection may watch read-only at once (`supervision:watch`). */
export const WATCHED_CHATS_MAX = 10;
/** Most chats in one `supervision:chats` answer (a queue's first in line, or an agent's). */
export const SUPERVISION_CHATS_MAX = 50;
/**
 * Longest note an agent may add to a wrap-up (what was done, in a line or two), in characters after
 * trimming; the message-text rule otherwise.
 */
export const WRAP_UP_NOTE_MAX = 500;
/** Most agents a transfer dialog is offered (the least busy first); queues are a handful per deployment. */
export const TRANSFER_TARGETS_MAX = 50;
/**
 * Most times one conversation may be transferred: a chat passed on this often needs a supervisor's
 * attention, not another transfer (and bounds the records each transfer adds to its notes).
 */
export const TRANSFERS_PER_CONVERSATION_MAX = 20;

/** Characters in an account's display name (staff see it; citizens see the public name, protocol/public-name.ts). */
export const DISPLAY_NAME_MAX = 80;
/** Characters in the first name or alias citizens see for an agent (protocol/public-name.ts). */
export const PUBLIC_NAME_MAX = 40;

/** Accounts one deployment may hold: bounds what `admin:accounts:list` answers and what the last-manager check reads. */
export const ACCOUNTS_MAX = 1000;

/** Queues one account may serve (a deployment has a handful). */
export const ACCOUNT_QUEUES_MAX = 50;

/** Characters a new password needs at least (the server also refuses common ones). */
export const PASSWORD_MIN_LENGTH = 12;
/** Soft launch governance (protocol/rollout.ts): a reason kept in the audit, in characters. */
export const ROLLOUT_REASON_MAX = 500;
/** Page patterns per list of a rule, and a pattern's length (as server/domain/rollout-rules.ts checks). */
export const ROLLOUT_PAGE_PATTERNS_MAX = 50;
export const ROLLOUT_PAGE_PATTERN_MAX = 200;
/** Longest Unleash group id of a rule. */
export const ROLLOUT_GROUP_ID_MAX = 100;
/** Most topics with a rule of their own in one policy. */
export const ROLLOUT_TOPIC_RULES_MAX = 50;
/** Most pending changes one site may hold (a ramp is a handful of steps): proposing more is refused. */
export const ROLLOUT_PENDING_MAX = 50;
/** Decided changes (applied, withdrawn, failed) the Rollout page shows, newest first. */
export const ROLLOUT_RECENT_CHANGES = 10;
/** Audit entries the Rollout page's state carries (the audit pages with `rollout:audit`). */
export const ROLLOUT_STATE_AUDIT_MAX = 10;
/** How far ahead a change may be scheduled, in days. */
export const ROLLOUT_APPLY_AHEAD_MAX_DAYS = 366;
/** Most audit entries in one page of `rollout:audit`. */
export const AUDIT_PAGE_MAX = 50;
/** Most audit entries one CSV export holds (the newest, when the log is longer; the file says so). */
export const AUDIT_EXPORT_MAX = 50_000;
/** Newest audit entries `audit:verify` walks (linked to the entry before them); the tests walk the whole log. */
export const AUDIT_VERIFY_MAX = 20_000;

/** Conversation history (issue #9 point 5): at most this many conversations per page of a search. */
export const HISTORY_PAGE_MAX = 50;
/**
 * Closed conversations one history search call looks at (index entries, then records, in batches
 * of 200): bounded work per call; a narrow filter goes on with the page's cursor.
 */
export const HISTORY_SCAN_MAX = 2000;
/** Messages a transcript export holds at most (a note says how many more were left out). */
export const TRANSCRIPT_MESSAGES_MAX = 10_000;
/** Messages in a citizen's own transcript download (at most about 2 MB of text). */
export const CITIZEN_TRANSCRIPT_MESSAGES_MAX = 1_000;
/** Site administration (server/domain/site-admin.ts): how much one site may hold. */
export const SITES_MAX = 200;
export const QUEUES_MAX = 200;
export const SITE_NAME_MAX = 120;
export const SITE_TEXT_MAX = 300;
export const SITE_LINK_MAX = 500;
export const SITE_ORIGINS_MAX = 50;
export const SITE_TOPICS_MAX = 50;
export const SITE_OTHER_WAYS_MAX = 8;
export const SITE_SELF_SERVICE_MAX = 10;
export const SITE_PERIODS_PER_DAY_MAX = 6;
export const SITE_HOLIDAYS_MAX = 100;
