/**
 * Rollout governance as the console sees it (protocol/rollout.ts): times in ISO 8601, accounts
 * named by their display names. Read-only mapping, with one batched read of the accounts named.
 */
import type { AuditEntryView, PersonRef, RolloutChangeView, RolloutPolicyView, RolloutState } from '../../protocol/rollout.js';
import { SYSTEM_ACTOR } from '../../protocol/rollout.js';
import type { AuditEntry } from '../domain/audit-log.js';
import type { RolloutChange } from '../domain/rollout-changes.js';
import type { RolloutPolicy } from '../domain/rollout-policy.js';
import type { Store } from '../stores/store.js';
import type { GovernanceState } from './rollout-governance-service.js';

/** Account id → display name, for the accounts these records name. */
export type Names = ReadonlyMap<string, string>;

const iso = (time: number): string => new Date(time).toISOString();

/** Reads the display names of the accounts named (each once); unknown ids keep no name. */
export async function namesOf(store: Store, ids: Iterable<string | null>): Promise<Names> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null && id !== SYSTEM_ACTOR))];
  const agents = await Promise.all(wanted.map((id) => store.agents.get(id)));
  return new Map(agents.filter((agent) => agent !== null).map((agent) => [agent.id, agent.displayName]));
}

/** An account as the views name it: `system` (empty name) for the schedule; the id when the account is gone. */
export function personRef(id: string, names: Names): PersonRef {
  return { id, displayName: id === SYSTEM_ACTOR ? '' : (names.get(id) ?? id) };
}

export function rolloutPolicyView(policy: RolloutPolicy): RolloutPolicyView {
  return {
    siteId: policy.siteId,
    chat: policy.chat,
    features: policy.features,
    topics: policy.topics,
    guard: policy.guard,
    stickiness: policy.stickiness,
    version: policy.version,
    updatedAt: policy.updatedAt === 0 ? null : iso(policy.updatedAt),
  };
}

export function rolloutChangeView(change: RolloutChange, names: Names): RolloutChangeView {
  return {
    id: change.id,
    siteId: change.siteId,
    before: rolloutPolicyView(change.before),
    after: rolloutPolicyView(change.after),
    reason: change.reason,
    proposedBy: personRef(change.proposedBy, names),
    proposedAt: iso(change.proposedAt),
    applyAt: change.applyAt === null ? null : iso(change.applyAt),
    needsApproval: change.needsApproval,
    approvedBy: change.approvedBy === null ? null : personRef(change.approvedBy, names),
    approvedAt: change.approvedAt === null ? null : iso(change.approvedAt),
    status: change.status,
    failure: change.failure,
    version: change.version,
  };
}

export function auditEntryView(entry: AuditEntry, names: Names): AuditEntryView {
  return {
    seq: entry.seq,
    at: iso(entry.at),
    actor: personRef(entry.actor, names),
    action: entry.action,
    target: entry.target,
    reason: entry.reason,
    approver: entry.approver === null ? null : personRef(entry.approver, names),
    before: entry.before,
    after: entry.after,
    previousHash: entry.previousHash,
    hash: entry.hash,
  };
}

/** The ids of the accounts a change names. */
export function changePeople(change: RolloutChange): Array<string | null> {
  return [change.proposedBy, change.approvedBy];
}

export async function changeViews(store: Store, changes: readonly RolloutChange[]): Promise<RolloutChangeView[]> {
  const names = await namesOf(store, changes.flatMap(changePeople));
  return changes.map((change) => rolloutChangeView(change, names));
}

export async function auditEntryViews(store: Store, entries: readonly AuditEntry[]): Promise<AuditEntryView[]> {
  const names = await namesOf(store, entries.flatMap((entry) => [entry.actor, entry.approver]));
  return entries.map((entry) => auditEntryView(entry, names));
}

export async function rolloutStateView(store: Store, state: GovernanceState): Promise<RolloutState> {
  const names = await namesOf(store, [
    ...[...state.pending, ...state.recent].flatMap(changePeople),
    ...state.audit.flatMap((entry) => [entry.actor, entry.approver]),
  ]);
  return {
    sites: state.sites.map((site) => ({ id: site.id, name: site.name })),
    siteId: state.site.id,
    policy: rolloutPolicyView(state.policy),
    schedulePaused: state.schedulePaused,
    pending: state.pending.map((change) => rolloutChangeView(change, names)),
    recent: state.recent.map((change) => rolloutChangeView(change, names)),
    audit: state.audit.map((entry) => auditEntryView(entry, names)),
    at: iso(state.at),
  };
}
