/**
 * Each site's rollout policy (README.md, "Soft launch"), as every page view reads it: from the
 * store, or the default policy when none is stored (chat as the site's switch says, to everyone).
 *
 * Read on every offer, so each node keeps what it read for POLICY_CACHE_MS: a change made on this
 * node shows at once (the event drops the copy), one made on another node within that time, well
 * inside the 5 s a kill switch must take on every node.
 */
import { AppError } from '../domain/app-error.js';
import type { Site } from '../domain/entities.js';
import type { RolloutChange } from '../domain/rollout-changes.js';
import { defaultPolicy, type RolloutPolicy } from '../domain/rollout-policy.js';
import type { PolicyCommit, Store } from '../stores/store.js';
import type { EventBus } from './events.js';

/** How long a node reuses a policy it read (see the module comment). */
export const POLICY_CACHE_MS = 2000;

export class RolloutService {
  private readonly cache = new Map<string, { readAt: number; policy: Promise<RolloutPolicy> }>();

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {
    events.subscribe((event) => {
      if (event.type === 'rollout.policy-changed') this.cache.delete(event.policy.siteId);
    });
  }

  /** The site's policy now (read at most once per POLICY_CACHE_MS per node). */
  policyOf(site: Site): Promise<RolloutPolicy> {
    // Wall time, not the injected clock: the cache spares the store, it is no rule of the domain.
    const now = Date.now();
    const cached = this.cache.get(site.id);
    if (cached !== undefined && now - cached.readAt < POLICY_CACHE_MS) return cached.policy;
    const policy = this.store.rolloutPolicies.get(site.id).then((stored) => stored ?? defaultPolicy(site.id, site.chatEnabled));
    const entry = { readAt: now, policy };
    this.cache.set(site.id, entry);
    // A failed read (the store away) is not kept.
    policy.catch(() => {
      if (this.cache.get(site.id) === entry) this.cache.delete(site.id);
    });
    return policy;
  }

  /**
   * Replaces the site's policy if it is still at `expectedVersion` (the version the caller read),
   * and tells this node's listeners. Throws `conflict` when someone changed it meanwhile.
   */
  async replace(next: RolloutPolicy, expectedVersion: number): Promise<RolloutPolicy> {
    // A policy never stored reads as the default one, version 1: storing it expects none.
    const stored = await this.store.rolloutPolicies.get(next.siteId);
    const storedVersion = stored === null ? 0 : stored.version;
    const expected = stored === null && expectedVersion === 1 ? 0 : expectedVersion;
    if (storedVersion !== expected || !(await this.store.rolloutPolicies.save(next, expected))) {
      throw new AppError('conflict', 'The rollout policy changed while you edited it; look at it again.');
    }
    this.events.publish({ type: 'rollout.policy-changed', policy: next });
    return next;
  }

  /**
   * Replaces the site's policy together with the change that made it, atomically (both or
   * neither): the policy if still at `expectedVersion` (as `replace`), the change if still at
   * `expectedChangeVersion` (0: new). Answers which moved instead of throwing: the governance
   * service retries on a moved policy and stops on a moved change (another node applied it).
   */
  async commitChange(next: RolloutPolicy, expectedVersion: number, change: RolloutChange, expectedChangeVersion: number): Promise<PolicyCommit> {
    const stored = await this.store.rolloutPolicies.get(next.siteId);
    const storedVersion = stored === null ? 0 : stored.version;
    const expected = stored === null && expectedVersion === 1 ? 0 : expectedVersion;
    if (storedVersion !== expected) return 'policy_moved';
    const done = await this.store.rolloutPolicies.saveWithChange(next, expected, change, expectedChangeVersion);
    if (done === 'saved') this.events.publish({ type: 'rollout.policy-changed', policy: next });
    return done;
  }
}
