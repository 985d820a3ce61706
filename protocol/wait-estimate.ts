/**
 * How long a citizen waits, estimated from their place in line and three facts about their queue.
 * Schema-free and pure, so that the server (views, later the console) and the chat app (turning a
 * new position into a wait without asking the server) run the same function. The method, its
 * inputs and its limits are described in README.md, "Waits".
 */

/** What a queue's wait depends on; the server computes these (see server/services/wait-service.ts). */
export interface WaitInputs {
  /**
   * Chats the agents serving the queue now can hold at once: the sum of the limits of those who
   * serve it, speak its language, are available and connected. 0 when nobody can answer.
   */
  slots: number;
  /** Of those slots, how many are free now (an agent under their limit). */
  freeSlots: number;
  /** How long a chat of this queue typically lasts once answered, in milliseconds. */
  handleMs: number;
}

/**
 * The friendly, honest bands a wait is said in, shortest first; `no_agent` when nobody who could
 * answer the queue is available, so no time can be promised.
 */
export const WAIT_BANDS = ['under_1', 'about_2', 'about_5', 'about_10', 'about_15', 'about_20', 'about_30', 'over_30', 'no_agent'] as const;
export type WaitBand = (typeof WAIT_BANDS)[number];

/**
 * Where each band ends, in minutes (exclusive): a wait goes to the nearest round figure, the
 * boundaries half-way between them. 35 minutes and more is "more than 30 minutes".
 */
const BAND_ENDS: ReadonlyArray<readonly [WaitBand, number]> = [
  ['under_1', 1],
  ['about_2', 3.5],
  ['about_5', 7.5],
  ['about_10', 12.5],
  ['about_15', 17.5],
  ['about_20', 25],
  ['about_30', 35],
];

/** The estimate for one place in line: its band, and the milliseconds behind it (null: no agent). */
export interface WaitEstimate {
  band: WaitBand;
  ms: number | null;
}

/**
 * The estimated wait at `position` (1 = next). Nobody serving the queue: `no_agent`, no time. As
 * many free slots as the position: about nothing (routing, or an agent, takes it at once).
 * Otherwise the chats ahead that find no free slot each wait for a slot to free, and with every
 * slot busy one frees on average every `handleMs / slots`.
 */
export function estimateWait(position: number, inputs: WaitInputs): WaitEstimate {
  if (!(inputs.slots > 0)) return { band: 'no_agent', ms: null };
  const needing = Math.max(0, Math.ceil(position) - Math.max(0, inputs.freeSlots));
  const ms = (needing * Math.max(0, inputs.handleMs)) / inputs.slots;
  return { band: waitBand(ms), ms };
}

/** The band a wait of `ms` milliseconds is said in. */
export function waitBand(ms: number): WaitBand {
  const minutes = ms / 60_000;
  for (const [band, end] of BAND_ENDS) if (minutes < end) return band;
  return 'over_30';
}

