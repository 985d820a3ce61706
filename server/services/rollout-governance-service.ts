/**
 * Soft launch governance (README.md, "Soft launch"; the rules in server/domain/rollout-changes.ts):
 * managers propose, edit, approve and withdraw changes of a site's rollout policy, and pause its
 * schedule; supervisors read. Every step is audited (audit-service.ts) with who, when, before,
 * after, reason and approver: `rollout.proposed`, `.edited`, `.approved`, `.applied`, `.withdrawn`,
 * `.failed`, `.schedule-paused`, `.schedule-resumed`.
 *
 * - A change that narrows the offer (the kill switch included) applies at once, or at its time; one
 *   that widens waits for another manager's approval (then applies, or waits for its time).
 * - Only the proposer edits a pending change (anyone else proposes another), and an edit voids its
 *   approval; any manager withdraws one.
 * - Every node runs the schedule (`start`: a tick every SCHEDULE_TICK_MS) and applies the changes
 *   that are due. A change applies with one atomic commit of the policy and of the change (pending
 *   to applied, compare-and-set on both), so a step applies on exactly one node; the others find
 *   the change moved and do nothing.
 * - A step applies what it changes onto the policy as it is then; when someone else changed the
 *   same setting meanwhile, or the result no longer validates, it fails and says why (audited). A
 *   change no one approved fails too if, onto the policy as it is then, it would widen the offer
 *   (a step proposed from a pending step that was then withdrawn, say).
 *
 * The change is committed first and audited after: the audit cannot be written in the same atomic
 * step (its hash is computed here). If the store fails between the two, the change stands and its
 * entry is missing; that is logged as an error.
 */
import { randomUUID } from 'node:crypto';
import { AUDIT_VERIFY_MAX, ROLLOUT_APPLY_AHEAD_MAX_DAYS, ROLLOUT_PENDING_MAX, ROLLOUT_RECENT_CHANGES, ROLLOUT_STATE_AUDIT_MAX } from '../../protocol/limits.js';
import { SYSTEM_ACTOR } from '../../protocol/rollout.js';
import { AppError } from '../domain/app-error.js';
import { canonicalJson, type AuditEntry } from '../domain/audit-log.js';
import type { Agent, Site } from '../domain/entities.js';
import { hasRole } from '../domain/roles.js';
import {
  applyChange,
  approveChange,
  ChangeRefused,
  editChange,
  isDue,
  proposeChange,
  withdrawChange,
  type RolloutChange,
} from '../domain/rollout-changes.js';
import { defaultPolicy, widens, type RolloutPolicy } from '../domain/rollout-policy.js';
import type { Store } from '../stores/store.js';
import type { AuditInput, AuditPage, AuditService } from './audit-service.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { RolloutService } from './rollout-service.js';

/** How often every node looks for due steps. */
export const SCHEDULE_TICK_MS = 2000;
/** Due changes applied per tick (the rest wait for the next one). */
const READY_BATCH = 50;
/** Attempts to commit a change while the policy keeps moving underneath. */
const COMMIT_ATTEMPTS = 5;
/** Audit entries looked at for one page filtered by namespace (supervisors), and for a site's latest in its state. */
const AUDIT_SCAN_MAX = 500;
const STATE_AUDIT_SCAN_MAX = 200;

/** A policy's content: what a manager sets (the site, version and time are the service's). */
export type PolicySettings = Omit<RolloutPolicy, 'siteId' | 'version' | 'updatedAt'>;

export interface ProposalRequest {
  siteId: string;
  /** The policy at the version the manager saw, or a pending (or applied) change's policy after it. */
  from: { policyVersion: number } | { changeId: string };
  settings: PolicySettings;
  reason: string;
  /** When it applies (ms); null: as soon as allowed. */
  applyAt: number | null;
}

export interface EditRequest {
  changeId: string;
  version: number;
  settings: PolicySettings;
  reason: string;
  applyAt: number | null;
}

/** One site's governance, as the Rollout page shows it. */
export interface GovernanceState {
  sites: Site[];
  site: Site;
  policy: RolloutPolicy;
  schedulePaused: boolean;
  pending: RolloutChange[];
  recent: RolloutChange[];
  audit: AuditEntry[];
  at: number;
}

export interface GovernanceLogger {
  error(details: object, message: string): void;
}

/** The audit target of a site's policy and schedule, and of one of its changes. */
export const siteTarget = (siteId: string): string => `site:${siteId}`;
export const changeTarget = (change: Pick<RolloutChange, 'siteId' | 'id'>): string => `site:${change.siteId}/change:${change.id}`;

/** Whether an audit entry is about this site (its policy, schedule or one of its changes). */
export function aboutSite(entry: Pick<AuditEntry, 'target'>, siteId: string): boolean {
  return entry.target === siteTarget(siteId) || entry.target.startsWith(`${siteTarget(siteId)}/`);
}

/** The refusals of the pure domain, as the errors clients know. */
function refusal(error: unknown): never {
  if (error instanceof ChangeRefused) {
    const code = error.code === 'not_needed' ? 'approval_not_needed' : error.code;
    throw new AppError(code, error.message);
  }
  throw error;
}

function settingsOf(policy: RolloutPolicy): PolicySettings {
  const { siteId: _siteId, version: _version, updatedAt: _updatedAt, ...settings } = policy;
  return settings;
}

export class RolloutGovernanceService {
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private failing = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly rollout: RolloutService,
    private readonly audit: AuditService,
    private readonly logger: GovernanceLogger,
    private readonly newId: () => string = randomUUID,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), SCHEDULE_TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Reading (supervisors and managers)
  // -------------------------------------------------------------------------------------------

  /** One site's governance (absent: the first site by id). */
  async state(actor: Agent, siteId: string | undefined): Promise<GovernanceState> {
    this.require(actor, 'supervisor');
    const sites = (await this.store.sites.list()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const site = siteId === undefined ? sites[0] : sites.find((candidate) => candidate.id === siteId);
    if (site === undefined) throw new AppError('not_found', siteId === undefined ? 'There is no site yet.' : `There is no site "${siteId}".`);
    const [{ policy }, schedulePaused, pending, recent, audit] = await Promise.all([
      this.currentPolicy(site),
      this.store.rolloutChanges.schedulePaused(site.id),
      this.store.rolloutChanges.pending(site.id, ROLLOUT_PENDING_MAX),
      this.store.rolloutChanges.decided(site.id, ROLLOUT_RECENT_CHANGES),
      this.audit.page({ limit: ROLLOUT_STATE_AUDIT_MAX, filter: (entry) => aboutSite(entry, site.id), scanMax: STATE_AUDIT_SCAN_MAX }),
    ]);
    return { sites, site, policy, schedulePaused, pending, recent, audit: audit.entries, at: this.clock.now() };
  }

  /** A page of the audit log, newest first: managers read every entry, supervisors the rollout ones. */
  async auditPage(actor: Agent, before: number | undefined, limit: number): Promise<AuditPage> {
    this.require(actor, 'supervisor');
    if (hasRole(actor.role, 'manager')) return this.audit.page({ before, limit });
    return this.audit.page({ before, limit, filter: (entry) => entry.action.startsWith('rollout.'), scanMax: AUDIT_SCAN_MAX });
  }

  /** Checks the audit chain's newest entries (see AuditService.verifyNewest). */
  async verifyAudit(actor: Agent): Promise<{ from: number; to: number; brokenAt: number | null; at: number }> {
    this.require(actor, 'supervisor');
    return { ...(await this.audit.verifyNewest(AUDIT_VERIFY_MAX)), at: this.clock.now() };
  }

  // -------------------------------------------------------------------------------------------
  // Changing (managers)
  // -------------------------------------------------------------------------------------------

  /** A manager proposes a change; it applies at once when it narrows and has no time (see the module comment). */
  async propose(actor: Agent, request: ProposalRequest): Promise<{ change: RolloutChange; policy: RolloutPolicy }> {
    this.require(actor, 'manager');
    const now = this.clock.now();
    const site = await this.site(request.siteId);
    this.checkApplyAt(request.applyAt, now);
    const { policy: current } = await this.currentPolicy(site);
    let before: RolloutPolicy;
    if ('policyVersion' in request.from) {
      if (request.from.policyVersion !== current.version) {
        throw new AppError('conflict', 'The rollout policy changed since you looked at it; look at it again.');
      }
      before = current;
    } else {
      const base = await this.store.rolloutChanges.get(request.from.changeId);
      if (base === null || base.siteId !== site.id) throw new AppError('not_found', 'The change to start from is not known for this site.');
      if (base.status !== 'pending' && base.status !== 'applied') throw new AppError('not_pending', 'Start from a pending or applied change.');
      before = base.after;
    }
    if ((await this.store.rolloutChanges.pendingCount(site.id)) >= ROLLOUT_PENDING_MAX) {
      throw new AppError('at_capacity', `A site can have at most ${ROLLOUT_PENDING_MAX} pending changes; withdraw some first.`);
    }
    const after: RolloutPolicy = { ...request.settings, siteId: site.id, version: before.version, updatedAt: before.updatedAt };
    this.checkChanges(before, after);
    let change: RolloutChange;
    try {
      change = proposeChange({ id: this.newId(), before, after, reason: request.reason, applyAt: request.applyAt }, topicIdsOf(site), actor.id, now);
    } catch (error) {
      refusal(error);
    }
    const proposed: AuditInput = {
      at: now,
      actor: actor.id,
      action: 'rollout.proposed',
      target: changeTarget(change),
      before: change.before,
      after: change.after,
      reason: change.reason,
      approver: null,
    };
    if (isDue(change, now, await this.store.rolloutChanges.schedulePaused(site.id))) {
      const applied = await this.applyNow(change, 0, actor.id, [proposed]);
      if (applied === null) throw new AppError('conflict', 'This change was recorded meanwhile; look at the Rollout page again.');
      return applied;
    }
    if (!(await this.store.rolloutChanges.put(change, 0))) throw new AppError('conflict', 'This change was recorded meanwhile; look at the Rollout page again.');
    await this.recordAll([proposed]);
    this.changed(site.id);
    return { change, policy: current };
  }

  /** The proposer edits their pending change at the version they saw: recomputed, its approval voided. */
  async edit(actor: Agent, request: EditRequest): Promise<{ change: RolloutChange }> {
    this.require(actor, 'manager');
    const now = this.clock.now();
    this.checkApplyAt(request.applyAt, now);
    const change = await this.change(request.changeId, request.version);
    const site = await this.site(change.siteId);
    const after: RolloutPolicy = { ...request.settings, siteId: site.id, version: change.before.version, updatedAt: change.before.updatedAt };
    this.checkChanges(change.before, after);
    let edited: RolloutChange;
    try {
      edited = editChange(change, { after, reason: request.reason, applyAt: request.applyAt }, topicIdsOf(site), actor.id, now);
    } catch (error) {
      refusal(error);
    }
    const entry: AuditInput = {
      at: now,
      actor: actor.id,
      action: 'rollout.edited',
      target: changeTarget(change),
      before: change.after,
      after: edited.after,
      reason: edited.reason,
      approver: null,
    };
    if (isDue(edited, now, await this.store.rolloutChanges.schedulePaused(site.id))) {
      const applied = await this.applyNow(edited, change.version, actor.id, [entry]);
      if (applied === null) throw this.moved();
      return { change: applied.change };
    }
    if (!(await this.store.rolloutChanges.put(edited, change.version))) throw this.moved();
    await this.recordAll([entry]);
    this.changed(site.id);
    return { change: edited };
  }

  /** Another manager approves a widening change at the version they saw; it applies then unless it waits for its time. */
  async approve(actor: Agent, changeId: string, version: number): Promise<{ change: RolloutChange; policy: RolloutPolicy }> {
    this.require(actor, 'manager');
    const now = this.clock.now();
    const change = await this.change(changeId, version);
    let approved: RolloutChange;
    try {
      approved = approveChange(change, actor.id, now);
    } catch (error) {
      refusal(error);
    }
    const entry: AuditInput = {
      at: now,
      actor: actor.id,
      action: 'rollout.approved',
      target: changeTarget(change),
      before: change.before,
      after: change.after,
      reason: change.reason,
      approver: actor.id,
    };
    if (isDue(approved, now, await this.store.rolloutChanges.schedulePaused(change.siteId))) {
      const applied = await this.applyNow(approved, change.version, actor.id, [entry]);
      if (applied === null) throw this.moved();
      return applied;
    }
    if (!(await this.store.rolloutChanges.put(approved, change.version))) throw this.moved();
    await this.recordAll([entry]);
    this.changed(change.siteId);
    return { change: approved, policy: (await this.currentPolicy(await this.site(change.siteId))).policy };
  }

  /** Any manager withdraws a pending change at the version they saw. */
  async withdraw(actor: Agent, changeId: string, version: number): Promise<{ change: RolloutChange }> {
    this.require(actor, 'manager');
    const now = this.clock.now();
    const change = await this.change(changeId, version);
    let withdrawn: RolloutChange;
    try {
      withdrawn = withdrawChange(change);
    } catch (error) {
      refusal(error);
    }
    if (!(await this.store.rolloutChanges.put(withdrawn, change.version))) throw this.moved();
    await this.recordAll([
      { at: now, actor: actor.id, action: 'rollout.withdrawn', target: changeTarget(change), before: change.before, after: change.after, reason: null, approver: change.approvedBy },
    ]);
    this.changed(change.siteId);
    return { change: withdrawn };
  }

  /** Pauses or resumes a site's schedule (audited when it changed anything); resuming applies overdue steps at once. */
  async setSchedulePaused(actor: Agent, siteId: string, paused: boolean): Promise<{ siteId: string; schedulePaused: boolean }> {
    this.require(actor, 'manager');
    const site = await this.site(siteId);
    if (await this.store.rolloutChanges.setSchedulePaused(site.id, paused)) {
      await this.recordAll([
        {
          actor: actor.id,
          action: paused ? 'rollout.schedule-paused' : 'rollout.schedule-resumed',
          target: siteTarget(site.id),
          before: { schedulePaused: !paused },
          after: { schedulePaused: paused },
          reason: null,
          approver: null,
        },
      ]);
      this.changed(site.id);
      if (!paused) await this.tick();
    }
    return { siteId: site.id, schedulePaused: paused };
  }

  // -------------------------------------------------------------------------------------------
  // The schedule
  // -------------------------------------------------------------------------------------------

  /**
   * Applies every change due now (at most READY_BATCH a tick); answers how many this node applied
   * or failed. Never throws: a store away is tried again next tick (said once per outage).
   */
  async tick(): Promise<number> {
    if (this.ticking) return 0;
    this.ticking = true;
    let done = 0;
    try {
      const now = this.clock.now();
      const paused = new Map<string, boolean>();
      for (const change of await this.store.rolloutChanges.readyBy(now, READY_BATCH)) {
        if (!paused.has(change.siteId)) paused.set(change.siteId, await this.store.rolloutChanges.schedulePaused(change.siteId));
        if (!isDue(change, now, paused.get(change.siteId)!)) continue;
        if ((await this.applyNow(change, change.version, SYSTEM_ACTOR, [])) !== null) done++;
      }
      if (this.failing) this.logger.error({}, 'the rollout schedule runs again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.error({ err: error }, 'the rollout schedule could not run; trying again at the next tick');
      this.failing = true;
    } finally {
      this.ticking = false;
    }
    return done;
  }

  /**
   * Applies a due change onto the site's policy as it is now, committing the policy and the change
   * together (compare-and-set on both: see the module comment), then audits `preface` and the
   * outcome (`rollout.applied` or `rollout.failed`). Null when the change had moved (another node,
   * or another manager, got there first).
   */
  private async applyNow(
    change: RolloutChange,
    expectedChangeVersion: number,
    actorId: string,
    preface: AuditInput[],
  ): Promise<{ change: RolloutChange; policy: RolloutPolicy } | null> {
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      const now = this.clock.now();
      const site = await this.store.sites.get(change.siteId);
      const { policy: current } = site === null ? { policy: change.before } : await this.currentPolicy(site);
      const fail = (failure: string) => ({ policy: null, change: { ...change, status: 'failed' as const, failure, version: change.version + 1 } });
      let result = site === null ? fail('The site no longer exists.') : applyChange(change, current, topicIdsOf(site), now);
      // Judged against the policy as it is now, not only the one it was proposed from: a change
      // from another change's policy (a ramp's step) that no one had to approve must not widen.
      if (result.policy !== null && !change.needsApproval && widens(current, result.policy)) {
        result = fail(
          'As the policy is now, this change would widen the offer, which needs a second manager’s approval. Propose it again from the current policy.',
        );
      }
      if (result.policy === null) {
        if (!(await this.store.rolloutChanges.put(result.change, expectedChangeVersion))) return null;
        await this.recordAll([
          ...preface,
          {
            at: now,
            actor: actorId,
            action: 'rollout.failed',
            target: changeTarget(change),
            before: current,
            after: change.after,
            reason: result.change.failure,
            approver: change.approvedBy,
          },
        ]);
        this.changed(change.siteId);
        return { change: result.change, policy: current };
      }
      const commit = await this.rollout.commitChange(result.policy, current.version, result.change, expectedChangeVersion);
      if (commit === 'change_moved') return null;
      if (commit === 'saved') {
        await this.recordAll([
          ...preface,
          {
            at: now,
            actor: actorId,
            action: 'rollout.applied',
            target: changeTarget(change),
            before: current,
            after: result.policy,
            reason: change.reason,
            approver: change.approvedBy,
          },
        ]);
        this.changed(change.siteId);
        return { change: result.change, policy: result.policy };
      }
      // The policy moved between reading and committing: merge onto it again.
    }
    throw new AppError('conflict', 'The rollout policy kept changing; try again.');
  }

  // -------------------------------------------------------------------------------------------

  private require(actor: Agent, role: 'supervisor' | 'manager'): void {
    if (!hasRole(actor.role, role)) {
      throw new AppError('forbidden', role === 'manager' ? 'Only managers change the rollout.' : 'Only supervisors and managers see the rollout.');
    }
  }

  private async site(siteId: string): Promise<Site> {
    const site = await this.store.sites.get(siteId);
    if (site === null) throw new AppError('not_found', `There is no site "${siteId}".`);
    return site;
  }

  /** The change at the version the caller saw (`conflict` when it moved since). */
  private async change(changeId: string, version: number): Promise<RolloutChange> {
    const change = await this.store.rolloutChanges.get(changeId);
    if (change === null) throw new AppError('not_found', 'This change is not known.');
    if (change.version !== version) throw this.moved();
    return change;
  }

  /** The site's policy read from the store now (not a node's cached copy): what compare-and-set checks against. */
  private async currentPolicy(site: Site): Promise<{ policy: RolloutPolicy; stored: boolean }> {
    const stored = await this.store.rolloutPolicies.get(site.id);
    return stored === null ? { policy: defaultPolicy(site.id, site.chatEnabled), stored: false } : { policy: stored, stored: true };
  }

  private checkApplyAt(applyAt: number | null, now: number): void {
    if (applyAt !== null && applyAt > now + ROLLOUT_APPLY_AHEAD_MAX_DAYS * 86_400_000) {
      throw new AppError('invalid_payload', `A change can be scheduled at most ${ROLLOUT_APPLY_AHEAD_MAX_DAYS} days ahead.`);
    }
  }

  /** Refuses a change that changes nothing. */
  private checkChanges(before: RolloutPolicy, after: RolloutPolicy): void {
    if (canonicalJson(settingsOf(before)) === canonicalJson(settingsOf(after))) {
      throw new AppError('invalid_payload', 'This changes nothing in the policy.');
    }
  }

  private moved(): AppError {
    return new AppError('conflict', 'This change moved since you looked at it (edited, approved, applied or withdrawn); look at it again.');
  }

  /** Audits in order; a failure is logged (the change it describes stands: see the module comment). */
  private async recordAll(entries: AuditInput[]): Promise<void> {
    for (const entry of entries) {
      try {
        await this.audit.record(entry);
      } catch (error) {
        this.logger.error({ err: error, action: entry.action, target: entry.target }, 'a rollout step could not be audited');
      }
    }
  }

  private changed(siteId: string): void {
    this.events.publish({ type: 'rollout.state-changed', siteId, at: this.clock.now() });
  }
}

function topicIdsOf(site: Site): string[] {
  return site.topics.map((topic) => topic.id);
}
