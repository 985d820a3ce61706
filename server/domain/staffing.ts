/**
 * Staffing maths for the soft launch (README.md, "Staffing"): how many agents a chat demand needs
 * for a service level, by Erlang C. Pure. The names below are a stable contract: checks outside the
 * code call `erlangC`, `serviceLevel` and `agentsNeeded`.
 *
 * Chat is modelled on agent-time: an agent holding several chats at once gives each a share of
 * their attention, so the "handle time" given here is the agent-time per chat (the chat's length
 * divided by the measured concurrency), which makes one agent one Erlang C server.
 *
 * Erlang C is computed through the Erlang B recursion, which stays exact in floating point for
 * hundreds of agents (the factorial form overflows past about 170).
 */

/** Traffic in Erlangs: arrivals per hour × seconds of agent-time each ÷ 3,600. */
export function trafficErlangs(arrivalsPerHour: number, handleSeconds: number): number {
  return (arrivalsPerHour * handleSeconds) / 3600;
}

/**
 * The probability that a contact waits (is not answered at once) with `agents` agents and
 * `trafficErlangs` of offered traffic. 1 when the agents cannot carry the traffic (agents ≤ traffic).
 */
export function erlangC(agents: number, trafficErlangs: number): number {
  assertAgents(agents);
  assertNonNegative('trafficErlangs', trafficErlangs);
  if (trafficErlangs === 0) return 0;
  if (agents <= trafficErlangs) return 1;
  const blocking = erlangB(agents, trafficErlangs);
  return (agents * blocking) / (agents - trafficErlangs * (1 - blocking));
}

/**
 * The share of contacts answered within `answerWithinSeconds`: 1 − C · e^(−(N − A) · t ÷ h), with
 * N agents, A Erlangs, t the target and h the handle time. 0 when the agents cannot carry the traffic.
 */
export function serviceLevel(agents: number, trafficErlangs: number, handleSeconds: number, answerWithinSeconds: number): number {
  assertPositive('handleSeconds', handleSeconds);
  assertNonNegative('answerWithinSeconds', answerWithinSeconds);
  const waiting = erlangC(agents, trafficErlangs);
  if (agents <= trafficErlangs && trafficErlangs > 0) return 0;
  return 1 - waiting * Math.exp((-(agents - trafficErlangs) * answerWithinSeconds) / handleSeconds);
}

export interface StaffingTarget {
  arrivalsPerHour: number;
  /** Agent-time per contact, in seconds (for chat: the chat's length ÷ measured concurrency). */
  handleSeconds: number;
  answerWithinSeconds: number;
  /** The share to answer within `answerWithinSeconds`, 0 < level < 1 (e.g. 0.8). */
  serviceLevel: number;
  /** The busiest an agent may be on average, 0 < occupancy ≤ 1 (e.g. 0.85). */
  maxOccupancy: number;
}

/** Beyond this, a demand is not one a pilot staffs; the search stops rather than loop for ever. */
export const MAX_AGENTS = 10_000;

/**
 * The fewest agents that answer `serviceLevel` of contacts within `answerWithinSeconds` and are
 * busy at most `maxOccupancy` of the time. 0 when there is no demand.
 */
export function agentsNeeded(target: StaffingTarget): number {
  assertNonNegative('arrivalsPerHour', target.arrivalsPerHour);
  assertPositive('handleSeconds', target.handleSeconds);
  assertNonNegative('answerWithinSeconds', target.answerWithinSeconds);
  if (!(target.serviceLevel > 0 && target.serviceLevel < 1)) throw new RangeError('serviceLevel must be between 0 and 1 (exclusive).');
  if (!(target.maxOccupancy > 0 && target.maxOccupancy <= 1)) throw new RangeError('maxOccupancy must be above 0 and at most 1.');
  const traffic = trafficErlangs(target.arrivalsPerHour, target.handleSeconds);
  if (traffic === 0) return 0;
  // The occupancy cap gives a floor; from there, add agents until the service level is met.
  let agents = Math.max(1, Math.ceil(traffic / target.maxOccupancy - 1e-9));
  while (serviceLevel(agents, traffic, target.handleSeconds, target.answerWithinSeconds) < target.serviceLevel) {
    agents += 1;
    if (agents > MAX_AGENTS) throw new RangeError(`More than ${MAX_AGENTS} agents would be needed.`);
  }
  return agents;
}

/** Erlang B (the probability that all `agents` are busy, with no queue), by its stable recursion. */
export function erlangB(agents: number, trafficErlangs: number): number {
  let blocking = 1;
  for (let k = 1; k <= agents; k++) blocking = (trafficErlangs * blocking) / (k + trafficErlangs * blocking);
  return blocking;
}

function assertAgents(agents: number): void {
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a whole number, 0 or more.');
}

function assertNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be a finite number, 0 or more.`);
}

function assertPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a finite number above 0.`);
}

/** What was seen at the share in force: chats started over some hours, and that share (0 < share ≤ 1). */
export interface ObservedDemand {
  chats: number;
  hours: number;
  share: number;
}

export interface ProjectedDemand {
  /** Chats an hour expected at the target share. */
  arrivalsPerHour: number;
  /** A 95 % interval around it, from the Poisson uncertainty of the observed count. */
  low: number;
  high: number;
}

/**
 * Demand at a target share = observed demand × target ÷ observed share (chat demand scales with
 * the visitors offered chat), with a 95 % interval from the observed count (Byar's approximation to
 * the exact Poisson interval, good from a count of zero up).
 */
export function projectDemand(observed: ObservedDemand, targetShare: number): ProjectedDemand {
  assertNonNegative('chats', observed.chats);
  assertPositive('hours', observed.hours);
  if (!(observed.share > 0 && observed.share <= 1)) throw new RangeError('The observed share must be above 0 and at most 1.');
  if (!(targetShare >= 0 && targetShare <= 1)) throw new RangeError('The target share must be from 0 to 1.');
  const scale = targetShare / observed.share / observed.hours;
  const [low, high] = poissonInterval(observed.chats);
  return { arrivalsPerHour: observed.chats * scale, low: low * scale, high: high * scale };
}

const Z_95 = 1.959964;

/** A 95 % interval for the mean of a Poisson count `count` (Byar's approximation). */
export function poissonInterval(count: number): [number, number] {
  const low = count === 0 ? 0 : count * (1 - 1 / (9 * count) - Z_95 / (3 * Math.sqrt(count))) ** 3;
  const next = count + 1;
  const high = next * (1 - 1 / (9 * next) + Z_95 / (3 * Math.sqrt(next))) ** 3;
  return [Math.max(0, low), high];
}

/**
 * The slot model, shown beside Erlang C: chats open at once on average (Little's law: arrivals ×
 * the chat's length) divided by the chats an agent holds at once, rounded up. It ignores waiting
 * and bursts, so it is the floor a manager should not staff below.
 */
export function slotModelAgents(arrivalsPerHour: number, chatSeconds: number, concurrency: number): number {
  assertNonNegative('arrivalsPerHour', arrivalsPerHour);
  assertPositive('chatSeconds', chatSeconds);
  assertPositive('concurrency', concurrency);
  return Math.max(0, Math.ceil((arrivalsPerHour * chatSeconds) / 3600 / concurrency - 1e-9));
}

/** Agents on the floor turned into full-time equivalents, given the share of paid time off the floor. */
export function fullTimeEquivalents(agents: number, shrinkage: number): number {
  assertNonNegative('agents', agents);
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError('Shrinkage must be from 0 to below 1.');
  return agents / (1 - shrinkage);
}
