/**
 * The capacity guard (README.md, "Soft launch"): when a queue's estimated wait for a new chat, or
 * its waiting chats per available agent, passes what the manager set, new visitors are shown
 * "busy" (the wait, and the other ways to reach the service) instead of a chat they would abandon.
 *
 * Fast to close, slow to reopen, with a dead band so that it does not flap: it closes at once when
 * either measure passes its threshold; it reopens only once both have stayed below the threshold
 * times `reopenRatio` (the dead band) for `reopenAfterMs` without a break. Pure: the measures and
 * the time are passed in; the state is kept by the caller (per queue, in the store).
 */

export interface CapacityGuardSettings {
  enabled: boolean;
  /** Close when the wait a new chat would have passes this many minutes (null: not checked). */
  maxWaitMinutes: number | null;
  /** Close when waiting chats per available agent pass this (null: not checked). */
  maxQueuePerAgent: number | null;
  /** Reopen below threshold × this (0 < ratio < 1): the dead band. */
  reopenRatio: number;
  /** How long both measures must stay below the reopening level. */
  reopenAfterMs: number;
}

export const DEFAULT_GUARD: CapacityGuardSettings = {
  enabled: false,
  maxWaitMinutes: 20,
  maxQueuePerAgent: 4,
  reopenRatio: 0.75,
  reopenAfterMs: 5 * 60_000,
};

/** What the guard looks at, for one queue. */
export interface QueueLoad {
  /** Minutes a chat joining now would wait; null when nobody can answer (the wait is unknown). */
  waitMinutes: number | null;
  waiting: number;
  /** Agents available to this queue now (serving it, in its language). */
  availableAgents: number;
}

export type GuardReason = 'wait' | 'queue_per_agent';

export interface GuardState {
  closed: boolean;
  /** Why it closed (the first measure over), while closed. */
  reason: GuardReason | null;
  /** When it last closed or opened. */
  since: number;
  /** While closed: since when both measures have been below the reopening level (null: not now). */
  calmSince: number | null;
}

export const OPEN_GUARD: GuardState = { closed: false, reason: null, since: 0, calmSince: null };

/** Waiting chats per available agent; with nobody available, every waiting chat counts in full. */
export function queuePerAgent(load: QueueLoad): number {
  return load.availableAgents === 0 ? load.waiting : load.waiting / load.availableAgents;
}

/** The first measure over its threshold × `factor`, or null. */
function over(load: QueueLoad, settings: CapacityGuardSettings, factor: number): GuardReason | null {
  if (settings.maxWaitMinutes !== null && load.waitMinutes !== null && load.waitMinutes > settings.maxWaitMinutes * factor) return 'wait';
  if (settings.maxQueuePerAgent !== null && queuePerAgent(load) > settings.maxQueuePerAgent * factor) return 'queue_per_agent';
  return null;
}

/** The guard's next state after looking at the load at `now`. */
export function stepGuard(state: GuardState, load: QueueLoad, settings: CapacityGuardSettings, now: number): GuardState {
  if (!settings.enabled) return state.closed ? { closed: false, reason: null, since: now, calmSince: null } : state;
  const reason = over(load, settings, 1);
  if (!state.closed) return reason === null ? state : { closed: true, reason, since: now, calmSince: null };
  if (over(load, settings, settings.reopenRatio) !== null) {
    return reason !== null && reason !== state.reason ? { ...state, reason, calmSince: null } : { ...state, calmSince: null };
  }
  const calmSince = state.calmSince ?? now;
  if (now - calmSince >= settings.reopenAfterMs) return { closed: false, reason: null, since: now, calmSince: null };
  return { ...state, calmSince };
}

/** Why the guard's settings cannot be saved; empty when they can. */
export function validateGuard(settings: CapacityGuardSettings): string[] {
  const problems: string[] = [];
  if (settings.maxWaitMinutes !== null && !(settings.maxWaitMinutes >= 1 && settings.maxWaitMinutes <= 240)) {
    problems.push('The longest wait must be from 1 to 240 minutes.');
  }
  if (settings.maxQueuePerAgent !== null && !(settings.maxQueuePerAgent >= 0.5 && settings.maxQueuePerAgent <= 100)) {
    problems.push('Waiting chats per agent must be from 0.5 to 100.');
  }
  if (settings.enabled && settings.maxWaitMinutes === null && settings.maxQueuePerAgent === null) {
    problems.push('Set a longest wait or a number of waiting chats per agent, or turn the guard off.');
  }
  if (!(settings.reopenRatio > 0 && settings.reopenRatio < 1)) problems.push('The reopening level must be between 0 and 1 of the threshold.');
  if (!(settings.reopenAfterMs >= 60_000 && settings.reopenAfterMs <= 3_600_000)) problems.push('The calm time before reopening must be from 1 to 60 minutes.');
  return problems;
}
