/**
 * How a rollout policy changes (issue #8, point 4) with a manual clock: narrowing at once, widening
 * after another manager's approval, no self-approval, edits void approvals, a ramp's steps apply in
 * turn onto the policy as it is then, and a step that would undo someone else's change fails.
 */
import { describe, expect, it } from 'vitest';
import { applyChange, approveChange, ChangeRefused, editChange, isDue, mergeSettings, proposeChange, withdrawChange, type RolloutChange } from '../../server/domain/rollout-changes.js';
import { defaultPolicy, type RolloutPolicy } from '../../server/domain/rollout-policy.js';

const TOPICS = ['benefits', 'permits'];
const T0 = Date.parse('2026-12-07T14:00:00Z');
const DAY = 86_400_000;
const base: RolloutPolicy = { ...defaultPolicy('demo', true), chat: { ...defaultPolicy('demo', true).chat, share: 5 } };
const withShare = (policy: RolloutPolicy, share: number): RolloutPolicy => ({ ...policy, chat: { ...policy.chat, share } });
const propose = (after: RolloutPolicy, applyAt: number | null = null, before = base, id = 'c1'): RolloutChange =>
  proposeChange({ id, before, after, reason: 'Step of the ramp', applyAt }, TOPICS, 'manager-a', T0);

describe('proposing and approving', () => {
  it('lets narrowing apply at once, without approval', () => {
    const change = propose(withShare(base, 1));
    expect(change.needsApproval).toBe(false);
    expect(isDue(change, T0, false)).toBe(true);
    expect(() => approveChange(change, 'manager-b', T0)).toThrow(ChangeRefused);
    const { policy } = applyChange(change, base, TOPICS, T0);
    expect(policy).toMatchObject({ chat: { share: 1 }, version: base.version + 1, updatedAt: T0 });
  });

  it('holds widening until another manager approves; nobody approves their own', () => {
    const change = propose(withShare(base, 25));
    expect(change.needsApproval).toBe(true);
    expect(isDue(change, T0, false)).toBe(false);
    expect(() => approveChange(change, 'manager-a', T0)).toThrow(/another manager/);
    const approved = approveChange(change, 'manager-b', T0 + 1000);
    expect(approved).toMatchObject({ approvedBy: 'manager-b', approvedAt: T0 + 1000, version: 2 });
    expect(isDue(approved, T0 + 1000, false)).toBe(true);
  });

  it('voids an approval when the change is edited, and lets only its proposer edit it', () => {
    const approved = approveChange(propose(withShare(base, 25)), 'manager-b', T0);
    const edited = editChange(approved, { after: withShare(base, 30), reason: 'A bit more', applyAt: null }, TOPICS, 'manager-a', T0 + 5);
    expect(edited).toMatchObject({ approvedBy: null, approvedAt: null, needsApproval: true, version: 3, proposedAt: T0 });
    expect(() => editChange(approved, { after: withShare(base, 30), reason: 'x', applyAt: null }, TOPICS, 'manager-b', T0)).toThrow(/proposed/);
  });

  it('refuses a policy that does not validate, with the reason', () => {
    const oneLanguage = { ...base, chat: { ...base.chat, languages: ['en' as const] } };
    expect(() => propose(oneLanguage)).toThrow(/not in fr on bilingual pages/);
  });

  it('lets a withdrawn change never apply', () => {
    const withdrawn = withdrawChange(propose(withShare(base, 1)));
    expect(withdrawn.status).toBe('withdrawn');
    expect(isDue(withdrawn, T0, false)).toBe(false);
    expect(() => approveChange(withdrawn, 'manager-b', T0)).toThrow(ChangeRefused);
  });
});

describe('a scheduled ramp', () => {
  // 5 % now, 10 % next Monday 09:00, 25 % a week later: each step proposed from the one before.
  const step10 = approveChange(propose(withShare(base, 10), T0 + DAY, base, 'step-10'), 'manager-b', T0);
  const step25 = approveChange(propose(withShare(base, 25), T0 + 8 * DAY, withShare(base, 10), 'step-25'), 'manager-b', T0);

  it('applies each step at its time, not before, and not while paused', () => {
    expect(isDue(step10, T0 + DAY - 1, false)).toBe(false);
    expect(isDue(step10, T0 + DAY, false)).toBe(true);
    expect(isDue(step10, T0 + DAY, true)).toBe(false);
    const first = applyChange(step10, base, TOPICS, T0 + DAY);
    expect(first.policy?.chat.share).toBe(10);
    expect(first.change.status).toBe('applied');
    const second = applyChange(step25, first.policy!, TOPICS, T0 + 8 * DAY);
    expect(second.policy).toMatchObject({ chat: { share: 25 }, version: base.version + 2 });
  });

  it('keeps what others changed meanwhile that the step does not touch', () => {
    const meanwhile = { ...base, chat: { ...base.chat, excludePages: ['/en/secure/*'] }, version: base.version + 1 };
    const { policy } = applyChange(step10, meanwhile, TOPICS, T0 + DAY);
    expect(policy?.chat).toMatchObject({ share: 10, excludePages: ['/en/secure/*'] });
  });

  it('fails, saying what, rather than undo a narrowing made since', () => {
    const narrowed = { ...withShare(base, 2), version: base.version + 1 };
    const result = applyChange(step10, narrowed, TOPICS, T0 + DAY);
    expect(result.policy).toBeNull();
    expect(result.change).toMatchObject({ status: 'failed' });
    expect(result.change.failure).toMatch(/chat\.share/);
  });
});

describe('merging settings', () => {
  it('sets what changed, keeps the rest, and names conflicts by path', () => {
    expect(mergeSettings({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 } }, { a: 9, b: { c: 2 } })).toEqual({ value: { a: 9, b: { c: 3 } }, conflicts: [] });
    expect(mergeSettings({ a: [1] }, { a: [1, 2] }, { a: [1, 2] })).toEqual({ value: { a: [1, 2] }, conflicts: [] });
    expect(mergeSettings({ a: 1 }, { a: 2 }, { a: 3 })).toEqual({ value: { a: 3 }, conflicts: ['a'] });
    expect(mergeSettings({ t: {} }, { t: { x: 1 } }, { t: {} })).toEqual({ value: { t: { x: 1 } }, conflicts: [] });
    expect(mergeSettings({ t: { x: 1 } }, { t: {} }, { t: { x: 1 } })).toEqual({ value: { t: {} }, conflicts: [] });
  });
});
