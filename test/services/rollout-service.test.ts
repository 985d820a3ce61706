/**
 * The rollout service (issue #8): the default policy for a site with none stored, replacing with
 * compare-and-set, and a node's copy dropped at once by its own change.
 */
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../server/domain/rollout-policy.js';
import { EventBus } from '../../server/services/events.js';
import { RolloutService } from '../../server/services/rollout-service.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import type { Site } from '../../server/domain/entities.js';

const site = { id: 'demo', chatEnabled: true } as Site;

describe('the rollout service', () => {
  it('reads the default policy until one is stored, then the stored one at once after a change here', async () => {
    const store = createMemoryStore();
    const rollout = new RolloutService(store, new EventBus());
    const initial = await rollout.policyOf(site);
    expect(initial).toEqual(defaultPolicy('demo', true));
    expect((await rollout.policyOf({ ...site, chatEnabled: false } as Site)).chat.enabled).toBe(true); // cached
    const narrowed = { ...initial, chat: { ...initial.chat, share: 5 }, version: 2 };
    await rollout.replace(narrowed, 1);
    expect(await rollout.policyOf(site)).toEqual(narrowed);
    await expect(rollout.replace({ ...narrowed, version: 3 }, 1)).rejects.toMatchObject({ code: 'conflict' });
    expect(await rollout.replace({ ...narrowed, version: 3 }, 2)).toMatchObject({ version: 3 });
  });

  it('sees a change made through another node’s service within its cache time, not before', async () => {
    const store = createMemoryStore();
    const here = new RolloutService(store, new EventBus());
    const there = new RolloutService(store, new EventBus());
    const before = await here.policyOf(site);
    await there.replace({ ...before, chat: { ...before.chat, enabled: false }, version: 2 }, 1);
    expect((await here.policyOf(site)).chat.enabled).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await here.policyOf(site)).chat.enabled).toBe(false);
  });
});
