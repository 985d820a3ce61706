/**
 * Every rate limit the server applies, in one place, as token buckets (a burst of `capacity`,
 * refilled at `refillPerSecond`). The README's "Limits" section states these numbers; change both.
 *
 * Three scopes, because each stops a different trick:
 * - per connection: one client sending too fast (kept by the connection, gone with it);
 * - per client address, cluster-wide: a script reconnecting to reset the per-connection buckets;
 * - per conversation or account, cluster-wide: a script opening many connections with one token.
 */
import type { RatePolicy } from './rate-limit.js';

const perMinute = (count: number): number => count / 60;

/** Per connection, for each visitor command. */
export const VISITOR_COMMAND_RATES = {
  /** A few starts a minute: enough for a person, not for a script filling the queue. */
  'conversation:start': { capacity: 3, refillPerSecond: perMinute(3) },
  /** Catching up after a reconnection takes a few pages; a loop asking again and again does not. */
  'conversation:sync': { capacity: 10, refillPerSecond: 1 },
  /** Bursts of pasted lines are fine; a flood is not. */
  'message:send': { capacity: 20, refillPerSecond: 1 },
  'conversation:end': { capacity: 5, refillPerSecond: perMinute(6) },
  /** A message left when chat is closed: one, perhaps a correction; not a stream. */
  'message:leave': { capacity: 3, refillPerSecond: perMinute(1) },
  /** "Stay in the chat": once per inactivity warning is all a person needs. */
  'conversation:extend': { capacity: 5, refillPerSecond: perMinute(6) },
  /** The chat app sends it at most every 2 s while the citizen types, and a stop. */
  'typing:set': { capacity: 10, refillPerSecond: 1 },
  /** A person switches language once or twice; each switch moves the chat between queues. */
  'conversation:set-language': { capacity: 5, refillPerSecond: perMinute(6) },
  /** Answered once; a few tries cover a lost acknowledgement or a refused answer corrected. */
  'survey:answer': { capacity: 5, refillPerSecond: perMinute(2) },
} as const satisfies Record<string, RatePolicy>;

/**
 * A citizen's own transcript download, cluster-wide: per conversation (a few copies, not a loop
 * reading the chat again and again) and per address (before the token is even checked).
 */
export const CITIZEN_TRANSCRIPT_RATE_PER_CONVERSATION: RatePolicy = { capacity: 5, refillPerSecond: perMinute(2) };
export const CITIZEN_TRANSCRIPT_RATE_PER_ADDRESS: RatePolicy = { capacity: 20, refillPerSecond: perMinute(10) };

/**
 * Soft launch governance commands, per connection (part of AGENT_COMMAND_RATES). Reading the state is
 * asked after each (re)connection and after each `rollout:changed`; changes are deliberate acts of
 * a manager (a few in a row, then one every 5 s); the audit is paged by hand.
 */
export const ROLLOUT_COMMAND_RATES = {
  'rollout:state': { capacity: 10, refillPerSecond: 1 },
  'rollout:propose': { capacity: 5, refillPerSecond: perMinute(12) },
  'rollout:edit': { capacity: 5, refillPerSecond: perMinute(12) },
  'rollout:approve': { capacity: 10, refillPerSecond: perMinute(12) },
  'rollout:withdraw': { capacity: 10, refillPerSecond: perMinute(12) },
  'rollout:pause-schedule': { capacity: 5, refillPerSecond: perMinute(6) },
  'rollout:resume-schedule': { capacity: 5, refillPerSecond: perMinute(6) },
  'rollout:audit': { capacity: 20, refillPerSecond: 1 },
  /** Walks up to 20,000 entries: asked when the audit opens, and by hand. */
  'audit:verify': { capacity: 3, refillPerSecond: perMinute(2) },
} as const satisfies Record<string, RatePolicy>;

/** The audit's CSV export, per account, cluster-wide: each reads the whole log. */
export const AUDIT_EXPORT_RATE_PER_ACCOUNT: RatePolicy = { capacity: 3, refillPerSecond: perMinute(1) };

/** Persona avatar uploads, per account, cluster-wide: a manager trying a few images. */
export const AVATAR_UPLOAD_RATE_PER_ACCOUNT: RatePolicy = { capacity: 5, refillPerSecond: perMinute(6) };

/**
 * Avatar images served, per client address, cluster-wide: each chat frame asks once and then keeps
 * it (a year's cache); many citizens behind one address still fit.
 */
export const AVATAR_READ_RATE_PER_ADDRESS: RatePolicy = { capacity: 60, refillPerSecond: 2 };

/** Transcript exports, per account, cluster-wide: a few in a row for one request, then one every 10 s. */
/** Report CSV exports: each reads up to 93 days of hourly counters; a table or two per filter change. */
export const REPORT_EXPORT_RATE_PER_ACCOUNT: RatePolicy = { capacity: 10, refillPerSecond: perMinute(6) };
export const TRANSCRIPT_EXPORT_RATE_PER_ACCOUNT: RatePolicy = { capacity: 10, refillPerSecond: perMinute(6) };

/** Per connection, for each console command. Generous: agents type fast and paste canned answers. */
export const AGENT_COMMAND_RATES = {
  /** Sent after every (re)connection. */
  'console:sync': { capacity: 5, refillPerSecond: perMinute(12) },
  'agent:set-status': { capacity: 10, refillPerSecond: 1 },
  'conversation:accept': { capacity: 20, refillPerSecond: 2 },
  'conversation:end': { capacity: 20, refillPerSecond: 2 },
  'message:send': { capacity: 40, refillPerSecond: 5 },
  /** Catching up several chats page by page after a reconnection. */
  'messages:since': { capacity: 30, refillPerSecond: 5 },
  /** Paging through the inbox. */
  'inbox:list': { capacity: 20, refillPerSecond: 2 },
  'inbox:answer': { capacity: 20, refillPerSecond: 1 },
  /** "Are you still there?": a few across the agent's chats, then one every 10 s. */
  'conversation:ask-still-there': { capacity: 5, refillPerSecond: perMinute(6) },
  /** The console sends it at most every 2 s while the agent types, and a stop. */
  'typing:set': { capacity: 10, refillPerSecond: 1 },
  /** Notes are written by hand: a few in a row, then one every 2 s. */
  'note:add': { capacity: 10, refillPerSecond: 0.5 },
  /** Asked once per chat after each (re)connection. */
  'notes:list': { capacity: 30, refillPerSecond: 5 },
  /** Asked after each (re)connection, like `console:sync`. */
  'canned-answers:list': { capacity: 5, refillPerSecond: perMinute(12) },
  /** The supervision view's picture: after each (re)connection, like `console:sync`. */
  'supervision:subscribe': { capacity: 5, refillPerSecond: perMinute(12) },
  /** A supervisor opening queues' and agents' lists of chats, one click each. */
  'supervision:chats': { capacity: 20, refillPerSecond: 1 },
  /** Opening and closing chats read-only (and watching them again after a reconnection). */
  'supervision:watch': { capacity: 20, refillPerSecond: 1 },
  'supervision:unwatch': { capacity: 20, refillPerSecond: 1 },
  /** Limits are changed by hand: a few in a row, then one every 2 s. */
  'agent:set-limit': { capacity: 10, refillPerSecond: 0.5 },
  /** History searches are typed by hand and paged (each reads up to HISTORY_SCAN_MAX records): a few in a row, then one a second. */
  'history:search': { capacity: 10, refillPerSecond: 1 },
  /** Opening past chats one click each. */
  'history:open': { capacity: 20, refillPerSecond: 1 },
  /** A report reads up to 93 days of hourly counters: a few filter changes in a row, then one every 2 s. */
  'reports:summary': { capacity: 10, refillPerSecond: 0.5 },
  /** A transfer is a deliberate act: a few in a row (a supervisor rebalancing), then one every 5 s. */
  'conversation:transfer': { capacity: 10, refillPerSecond: perMinute(12) },
  /** Asked when the transfer dialog opens (each answer reads every agent's presence and load). */
  'agents:transfer-targets': { capacity: 10, refillPerSecond: perMinute(12) },
  /** One per ended chat, and a retry or two. */
  'conversation:wrap-up': { capacity: 20, refillPerSecond: 1 },
  /** Administration (managers): the list when the page opens, and changes made by hand. */
  'admin:accounts:list': { capacity: 5, refillPerSecond: perMinute(12) },
  'admin:accounts:create': { capacity: 10, refillPerSecond: perMinute(6) },
  'admin:accounts:update': { capacity: 10, refillPerSecond: 0.5 },
  'admin:accounts:deactivate': { capacity: 10, refillPerSecond: perMinute(6) },
  'admin:accounts:reset-password': { capacity: 10, refillPerSecond: perMinute(6) },
  'admin:accounts:reactivate': { capacity: 10, refillPerSecond: perMinute(6) },
  /** Sites and queues (managers): the lists when a page opens, and changes made by hand. */
  'admin:sites:list': { capacity: 5, refillPerSecond: perMinute(12) },
  'admin:sites:create': { capacity: 10, refillPerSecond: perMinute(6) },
  'admin:sites:update': { capacity: 10, refillPerSecond: 0.5 },
  /** The site page's live check, asked when it opens and when the manager tries another page. */
  'admin:sites:check-origin': { capacity: 10, refillPerSecond: perMinute(20) },
  'admin:queues:list': { capacity: 5, refillPerSecond: perMinute(12) },
  'admin:queues:create': { capacity: 10, refillPerSecond: perMinute(6) },
  /** A change with members may change many accounts: as deliberate as an account change. */
  'admin:queues:update': { capacity: 10, refillPerSecond: 0.5 },
  /** Read once per site when an agent opens a chat from it (the console keeps the answer). */
  'persona:tone-notes': { capacity: 20, refillPerSecond: 1 },
  /** The Persona page (managers): read when a site is picked, saved by hand. */
  'admin:persona:get': { capacity: 10, refillPerSecond: perMinute(20) },
  'admin:persona:save': { capacity: 10, refillPerSecond: 0.5 },
  /** Each costs a password hash or two: a person retyping, not a script guessing. */
  'account:change-password': { capacity: 5, refillPerSecond: perMinute(2) },
  // A few tries at a name, not a stream of proposals for managers to wade through.
  'account:propose-public-name': { capacity: 5, refillPerSecond: perMinute(2) },
  'admin:accounts:decide-public-name': { capacity: 10, refillPerSecond: 0.5 },
  /** A manager trying pages, languages and times one after another (each answer reads caches only). */
  'rollout:preview': { capacity: 20, refillPerSecond: 1 },
  /** The rollout page refreshing its live state, every few seconds (each answer reads the exposure counts). */
  'rollout:live': { capacity: 10, refillPerSecond: perMinute(20) },
  /** The Rollout page asks when it opens and when the manager tries a share: each answer reads up to eight weeks of hourly counts. */
  'staffing:projection': { capacity: 10, refillPerSecond: perMinute(20) },
  'staffing:save-plan': { capacity: 10, refillPerSecond: perMinute(6) },
  ...ROLLOUT_COMMAND_RATES,
} as const satisfies Record<string, RatePolicy>;

/** Commands a client sends that the server does not know: answered, but not without bound. */
export const UNKNOWN_COMMAND_RATE: RatePolicy = { capacity: 5, refillPerSecond: 1 };

/**
 * New messages per conversation and author kind, whatever the number of connections: about what a
 * fast typist or a pasted burst needs, far from the thousand a second a script could store.
 */
export const MESSAGE_RATE_PER_CONVERSATION = {
  visitor: { capacity: 20, refillPerSecond: 0.5 },
  agent: { capacity: 30, refillPerSecond: 1 },
} as const satisfies Record<'visitor' | 'agent', RatePolicy>;

/**
 * "Are you still there?" per conversation, whatever the number of consoles: asking twice is
 * enough; asking more than once a minute after that would nag the citizen.
 */
export const STILL_THERE_RATE_PER_CONVERSATION: RatePolicy = { capacity: 2, refillPerSecond: perMinute(1) };

/** Per client address: room for a library's or a service centre's shared address. */
export const VISITOR_HANDSHAKE_RATE_PER_ADDRESS: RatePolicy = { capacity: 60, refillPerSecond: 1 };
export const CHAT_START_RATE_PER_ADDRESS: RatePolicy = { capacity: 20, refillPerSecond: perMinute(10) };

/**
 * Sign-in. Per address and account: stops guessing at one account. Per address alone: stops a
 * flood that tries a new email each time (each attempt costs a password hash), while leaving room
 * for a contact centre whose whole shift signs in from one address at 9 a.m.
 */
export const SIGN_IN_RATE_PER_ADDRESS_AND_ACCOUNT: RatePolicy = { capacity: 10, refillPerSecond: perMinute(10) };
export const SIGN_IN_RATE_PER_ADDRESS: RatePolicy = { capacity: 60, refillPerSecond: perMinute(30) };
/**
 * Single sign-on, per client address, cluster-wide, for each of its two routes (the start and the
 * provider's return): as many as password sign-ins from one address, so a shift signing in at once
 * passes, while a script cannot make this server fetch the provider's tokens in a loop.
 */
export const SSO_RATE_PER_ADDRESS: RatePolicy = { capacity: 60, refillPerSecond: perMinute(30) };

const perHour = (count: number): number => count / 3600;

/**
 * Left messages are stored records made by anonymous visitors, so they are bounded three ways:
 * per client address (a script reconnecting to reset its connection's bucket), per site (many
 * addresses at once: bounds what the store can be made to hold, about 300 items of at most a few
 * kilobytes an hour), and, for the acknowledgement email, per recipient (nobody's mailbox is
 * flooded through us).
 */
export const LEAVE_MESSAGE_RATE_PER_ADDRESS: RatePolicy = { capacity: 10, refillPerSecond: perHour(10) };
export const LEAVE_MESSAGE_RATE_PER_SITE: RatePolicy = { capacity: 300, refillPerSecond: perHour(300) };
export const ACKNOWLEDGEMENT_RATE_PER_RECIPIENT: RatePolicy = { capacity: 3, refillPerSecond: 3 / 86_400 };
/**
 * A citizen's language switches per conversation, whatever the number of connections: a person
 * switches once or twice; a script reconnecting to renew its per-connection bucket stops here.
 */
export const LANGUAGE_SWITCH_RATE_PER_CONVERSATION: RatePolicy = { capacity: 10, refillPerSecond: perMinute(2) };

/**
 * Passwords outside sign-in, cluster-wide. Setting one through a link, per client address: each
 * attempt may cost a hash, and tokens are not to be guessed at (they hold 256 random bits; this
 * only keeps the attempts cheap). Changing one's own, per account: the current password is
 * checked each time, so this is sign-in's guessing limit again, for a session left open.
 */
export const SET_PASSWORD_RATE_PER_ADDRESS: RatePolicy = { capacity: 10, refillPerSecond: perMinute(2) };
export const CHANGE_PASSWORD_RATE_PER_ACCOUNT: RatePolicy = { capacity: 5, refillPerSecond: perMinute(2) };
/** Password-link emails per account: a manager resending now and then, not a mailbox flooded through us. */
export const PASSWORD_LINK_EMAIL_RATE_PER_ACCOUNT: RatePolicy = { capacity: 3, refillPerSecond: perHour(6) };

/**
 * OFREP (`/ofrep/v1/…`), per client address: a host site's server may ask on each of its page
 * views, so the rate is generous; a wrong key counts against a much smaller one.
 */
/**
 * Exposure counted from one client address, per node: the offer is answered whatever the rate (a
 * ministry's office may sit behind one address), but visitors beyond this are not counted, so
 * that a script sending random visitor ids cannot inflate the "offered" figure reports divide by.
 * A day of a full bucket is 86,400 visitors from one address, far above any real office.
 */
export const EXPOSURE_RATE_PER_ADDRESS: RatePolicy = { capacity: 300, refillPerSecond: 1 };

export const OFREP_RATE_PER_ADDRESS: RatePolicy = { capacity: 500, refillPerSecond: 200 };
export const OFREP_BAD_KEY_RATE_PER_ADDRESS: RatePolicy = { capacity: 10, refillPerSecond: perMinute(10) };

/**
 * `/metrics` scrapes per node, counted in the process (not the store: a scrape must answer while
 * the store is away, to say so). Prometheus scrapes every 15 s or so; a few scrapers fit easily.
 */
export const METRICS_SCRAPE_RATE: RatePolicy = { capacity: 10, refillPerSecond: 1 };
/** Wrong `/metrics` tokens per address (then `rate_limited`, before any comparison). */
export const METRICS_BAD_TOKEN_RATE_PER_ADDRESS: RatePolicy = { capacity: 10, refillPerSecond: perMinute(10) };
