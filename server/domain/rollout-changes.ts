/**
 * How a rollout policy changes (README.md, "Soft launch"): proposals, approvals and scheduled steps.
 * Pure: the time and the people are passed in.
 *
 * - Narrowing (anything `widens` does not call widening, the kill switch included) applies at once.
 * - Widening needs a second manager's approval: a proposal waits, another manager approves it, and
 *   it applies then (or at its scheduled time). No one approves their own proposal; editing a
 *   proposal voids its approval (it must be approved again).
 * - A scheduled step applies itself at its time, once (the node that claims it in the store), if it
 *   is approved (when it widens) and the schedule is not paused. It applies what it changes onto
 *   the policy as it is then (`applyChange`): a step that would undo someone else's change since,
 *   or whose result no longer validates, fails and says why.
 */
import { validatePolicy, widens, type RolloutPolicy } from './rollout-policy.js';

export type ChangeStatus = 'pending' | 'applied' | 'withdrawn' | 'failed';

/** A proposed change of a site's policy: the whole policy after it, and what it was made from. */
export interface RolloutChange {
  id: string;
  siteId: string;
  /** The policy as the proposer saw it (its version is checked when the change applies). */
  before: RolloutPolicy;
  after: RolloutPolicy;
  reason: string;
  proposedBy: string;
  proposedAt: number;
  /** When it applies: null as soon as allowed (approved, if it widens). */
  applyAt: number | null;
  /** Whether it needs a second manager (computed when proposed or edited). */
  needsApproval: boolean;
  approvedBy: string | null;
  approvedAt: number | null;
  status: ChangeStatus;
  /** Why it failed, when it did. */
  failure: string | null;
  /** Incremented on every change of the record (compare-and-set in the store). */
  version: number;
}

/** A refusal, with the words a manager reads. */
export class ChangeRefused extends Error {
  constructor(
    readonly code: 'invalid_policy' | 'self_approval' | 'not_pending' | 'not_needed' | 'not_proposer',
    message: string,
  ) {
    super(message);
  }
}

export interface ProposalInput {
  id: string;
  before: RolloutPolicy;
  after: RolloutPolicy;
  reason: string;
  applyAt: number | null;
}

/** A new change; refused when the policy after it does not validate. */
export function proposeChange(input: ProposalInput, topicIds: readonly string[], by: string, now: number): RolloutChange {
  const problems = validatePolicy(input.after, topicIds);
  if (problems.length > 0) throw new ChangeRefused('invalid_policy', problems.join(' '));
  return {
    id: input.id,
    siteId: input.before.siteId,
    before: input.before,
    after: { ...input.after, siteId: input.before.siteId },
    reason: input.reason,
    proposedBy: by,
    proposedAt: now,
    applyAt: input.applyAt,
    needsApproval: widens(input.before, input.after),
    approvedBy: null,
    approvedAt: null,
    status: 'pending',
    failure: null,
    version: 1,
  };
}

/** The change edited by its proposer: recomputed, and any approval voided. */
export function editChange(change: RolloutChange, edit: Omit<ProposalInput, 'id' | 'before'>, topicIds: readonly string[], by: string, now: number): RolloutChange {
  if (change.status !== 'pending') throw new ChangeRefused('not_pending', 'Only a pending change can be edited.');
  if (by !== change.proposedBy) throw new ChangeRefused('not_proposer', 'Only the manager who proposed a change can edit it; propose another.');
  const next = proposeChange({ id: change.id, before: change.before, ...edit }, topicIds, by, now);
  return { ...next, proposedAt: change.proposedAt, version: change.version + 1 };
}

/** The change approved by another manager. */
export function approveChange(change: RolloutChange, by: string, now: number): RolloutChange {
  if (change.status !== 'pending') throw new ChangeRefused('not_pending', 'This change is no longer pending.');
  if (!change.needsApproval) throw new ChangeRefused('not_needed', 'This change narrows the offer: it needs no approval.');
  if (by === change.proposedBy) throw new ChangeRefused('self_approval', 'No one approves their own change: another manager must.');
  return { ...change, approvedBy: by, approvedAt: now, version: change.version + 1 };
}

/** The change withdrawn (by anyone who may change the policy): it will not apply. */
export function withdrawChange(change: RolloutChange): RolloutChange {
  if (change.status !== 'pending') throw new ChangeRefused('not_pending', 'This change is no longer pending.');
  return { ...change, status: 'withdrawn', version: change.version + 1 };
}

/** Whether a change may apply now: pending, approved if it must be, its time come, the schedule running. */
export function isDue(change: RolloutChange, now: number, schedulePaused: boolean): boolean {
  if (change.status !== 'pending') return false;
  if (change.needsApproval && change.approvedBy === null) return false;
  if (change.applyAt === null) return true;
  return !schedulePaused && change.applyAt <= now;
}

/**
 * Applies a due change to the current policy: what the change changed (each setting that differs
 * between its `before` and `after`) is set on the policy as it is now, and the rest of the policy
 * stays as it is now. So the steps of a ramp, each proposed from the one before, apply in turn, and
 * a page excluded meanwhile stays excluded. When a setting the change changes was also changed by
 * someone else since (the share narrowed during a ramp, say), the change fails and says which,
 * rather than undo it; it fails too when the result no longer validates.
 */
export function applyChange(
  change: RolloutChange,
  current: RolloutPolicy,
  topicIds: readonly string[],
  now: number,
): { policy: RolloutPolicy | null; change: RolloutChange } {
  const fail = (failure: string) => ({ policy: null, change: { ...change, status: 'failed' as const, failure, version: change.version + 1 } });
  const merged = mergeSettings(change.before, change.after, current);
  if (merged.conflicts.length > 0) {
    return fail(`Changed by someone else since this was proposed: ${merged.conflicts.join(', ')}. Propose it again from the current policy.`);
  }
  const after = merged.value as RolloutPolicy;
  const problems = validatePolicy(after, topicIds);
  if (problems.length > 0) return fail(problems.join(' '));
  return {
    policy: { ...after, siteId: current.siteId, version: current.version + 1, updatedAt: now },
    change: { ...change, status: 'applied', version: change.version + 1 },
  };
}

/** Settings that are not the policy's content: never compared, never merged. */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'siteId']);

/**
 * A three-way merge of plain settings: for each setting (a leaf: anything but a plain object; lists
 * are leaves) that differs between `base` and `ours`, `theirs` takes ours if it still has base's
 * value (or already ours); otherwise the setting's path is a conflict.
 */
export function mergeSettings(base: unknown, ours: unknown, theirs: unknown, path = ''): { value: unknown; conflicts: string[] } {
  if (isPlainObject(base) && isPlainObject(ours) && isPlainObject(theirs)) {
    const value: Record<string, unknown> = { ...theirs };
    const conflicts: string[] = [];
    for (const key of new Set([...Object.keys(base), ...Object.keys(ours)])) {
      if (path === '' && BOOKKEEPING.has(key)) continue;
      const merged = mergeSettings(base[key], ours[key], theirs[key], path === '' ? key : `${path}.${key}`);
      conflicts.push(...merged.conflicts);
      if (merged.value === undefined) delete value[key];
      else value[key] = merged.value;
    }
    return { value, conflicts };
  }
  if (sameSetting(base, ours)) return { value: theirs, conflicts: [] };
  if (sameSetting(theirs, base) || sameSetting(theirs, ours)) return { value: ours, conflicts: [] };
  return { value: theirs, conflicts: [path] };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Settings are JSON: equal when their JSON is (keys of stored records keep their order). */
function sameSetting(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
