/**
 * The staffing projection at the service level (issue #11): the plan saved by managers only,
 * validated, compare-and-set and audited; the projection now, at each scheduled step of the
 * rollout and at a share asked, from the demand history it is given.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import type { Agent } from '../../server/domain/entities.js';
import type { OfferedHour } from '../../server/domain/staffing-plan.js';
import { createServices, type Services } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { seed } from '../../server/services/seed.js';
import { StaffingService, type DemandHistory } from '../../server/services/staffing-service.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

const silentLogger = { info() {}, warn() {}, error() {} };
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
/** Monday 2026-11-30, 10:00 in Toronto. */
const NOW = Date.parse('2026-11-30T15:00:00Z');

/** Four past Mondays with 15 chats at 10:00 at a 25 % share; 14-minute chats at 1.6 at once. */
class ScriptedDemand implements DemandHistory {
  asked: [number, number][] = [];
  constructor(private readonly hours: OfferedHour[], private readonly work = { handleSeconds: 14 * 60, concurrency: 1.6 }) {}
  async offeredHours(_siteId: string, from: number, to: number) {
    this.asked.push([from, to]);
    return { hours: this.hours.filter((hour) => hour.start >= from && hour.start < to), pages: ['/permits'] };
  }
  async chatWork() {
    return this.hours.length === 0 ? null : this.work;
  }
}

const mondays = [1, 2, 3, 4].map((weeks) => ({ start: NOW - weeks * WEEK, chats: 15, share: 0.25 }));

describe('staffing service', () => {
  let clock: ManualClock;
  let services: Services;
  let staffing: StaffingService;
  let manager: Agent;
  let supervisor: Agent;
  let agent: Agent;

  beforeEach(async () => {
    clock = new ManualClock(NOW);
    services = createServices(loadConfig({}), createMemoryStore(), clock, new PasswordHasher(TEST_HASHING), silentLogger);
    await seed(loadConfig({}), services.store, services.auth);
    const byEmail = async (email: string) => (await services.store.agents.findByEmail(email))!;
    manager = await byEmail('manager@demo.test');
    supervisor = await byEmail('supervisor@demo.test');
    agent = await byEmail('agent@demo.test');
    staffing = new StaffingService(services.store, clock, services.rollout, new ScriptedDemand(mondays), services.audit);
    // The demo site offers chat to a quarter of visitors (narrowing applies at once).
    await proposeShare(25, null);
  });

  /** A manager proposes the demo site's chat at `share` %, from the policy as it is, at `applyAt` (null: as soon as allowed). */
  async function proposeShare(share: number, applyAt: number | null) {
    const policy = await services.rollout.policyOf((await services.store.sites.get('demo'))!);
    const { chat, features, topics, guard, stickiness } = policy;
    return services.governance.propose(manager, {
      siteId: 'demo',
      from: { policyVersion: policy.version },
      settings: { chat: { ...chat, share }, features, topics, guard, stickiness },
      reason: `Chat to ${share} % of visitors`,
      applyAt,
    });
  }

  const plan = (agentIds: string[]) => ({
    version: 0,
    agents: agentIds.map((agentId) => ({ agentId, weekly: { mon: [{ opens: '09:00', closes: '17:00' }] } })),
    settings: { serviceLevel: 0.8, answerWithinSeconds: 60, maxOccupancy: 0.85, shrinkage: 0.3 },
  });

  it('projects now, a share asked, and says how many are planned at the busiest hour', async () => {
    await staffing.savePlan(manager, 'demo', plan([agent.id, supervisor.id]));
    const projection = await staffing.projection(supervisor, 'demo', 100);
    expect(projection.currentShare).toBe(25);
    expect(projection.observedHours).toBe(4);
    expect(projection.observedChats).toBe(60);
    expect(projection.workMeasured).toBe(true);
    const [now, asked] = projection.steps;
    expect(now).toMatchObject({ share: 25, weekday: 'mon', peak: { hour: 10, agentsNeeded: 4, scheduled: 2 } });
    expect(asked).toMatchObject({ share: 100, peak: { hour: 10, agentsNeeded: 12, scheduled: 2 } });
  });

  it('projects each scheduled step on the weekday it applies', async () => {
    // Next Monday at 09:00 Toronto time; a widening waits for another manager's approval.
    const applyAt = NOW + WEEK - HOUR;
    await proposeShare(50, applyAt);
    const projection = await staffing.projection(manager, 'demo');
    expect(projection.steps).toHaveLength(2);
    expect(projection.steps[1]).toMatchObject({ share: 50, applyAt, weekday: 'mon', peak: { hour: 10, agentsNeeded: 7, scheduled: 0 } });
  });

  it('says nothing was observed rather than invent a demand', async () => {
    const empty = new StaffingService(services.store, clock, services.rollout, new ScriptedDemand([]), services.audit);
    const projection = await empty.projection(manager, 'demo', 50);
    expect(projection.workMeasured).toBe(false);
    expect(projection.steps.every((step) => step.peak === null)).toBe(true);
  });

  it('saves the plan for managers only, by version, audited; a bad plan changes nothing', async () => {
    await expect(staffing.savePlan(supervisor, 'demo', plan([agent.id]))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(staffing.projection(agent, 'demo')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(staffing.savePlan(manager, 'demo', plan(['ghost']))).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(staffing.savePlan(manager, 'nowhere', plan([agent.id]))).rejects.toMatchObject({ code: 'not_found' });
    expect((await staffing.plan(manager, 'demo')).version).toBe(0);

    const saved = await staffing.savePlan(manager, 'demo', plan([agent.id]));
    expect(saved).toMatchObject({ version: 1, updatedBy: manager.id });
    await expect(staffing.savePlan(manager, 'demo', plan([agent.id, supervisor.id]))).rejects.toMatchObject({ code: 'conflict' });
    const [entry] = (await services.audit.page({ limit: 10 })).entries;
    expect(entry).toMatchObject({ actor: manager.id, action: 'staffing.plan-updated', target: 'site:demo' });
    expect(entry!.after).toEqual({ agents: saved.agents, settings: saved.settings });
  });
});

describe('staffing projection from the reports’ rollup', () => {
  it('learns demand, handle time and the share from chats that really happened', async () => {
    // Monday 2 November 2026, 10:00 in Toronto: chat offered to 25 %, four chats started, two answered and ended.
    const monday = Date.parse('2026-11-02T15:00:00Z');
    const clock = new ManualClock(monday);
    const services = createServices(loadConfig({}), createMemoryStore(), clock, new PasswordHasher(TEST_HASHING), silentLogger);
    await seed(loadConfig({}), services.store, services.auth);
    services.reports.listen();
    const manager = (await services.store.agents.findByEmail('manager@demo.test'))!;
    const agent = (await services.store.agents.findByEmail('agent@demo.test'))!;
    const policy = await services.rollout.policyOf((await services.store.sites.get('demo'))!);
    const { chat, features, topics, guard, stickiness } = policy;
    await services.governance.propose(manager, { siteId: 'demo', from: { policyVersion: policy.version }, settings: { chat: { ...chat, share: 25 }, features, topics, guard, stickiness }, reason: 'Soft launch', applyAt: null });
    await services.presence.setStatus(agent.id, 'available');

    const started = [];
    for (let n = 1; n <= 4; n++) {
      clock.advance(60_000);
      const { conversation } = await services.conversations.start({
        siteId: 'demo',
        clientId: `client-${n}-xxxxxxxx`,
        secret: 's'.repeat(40),
        topicId: 'permits',
        language: 'en',
        pageUrl: 'https://example.test/permits',
      });
      started.push(conversation);
    }
    for (const conversation of started.slice(0, 2)) await services.conversations.accept(agent, conversation.id);
    clock.advance(10 * 60_000);
    for (const conversation of started.slice(0, 2)) await services.conversations.endByAgent(agent, conversation.id, 'resolved');
    await services.reports.settle();

    // A week later, Monday 10:00 again.
    clock.advance(monday + WEEK - clock.now());
    const projection = await services.staffing.projection(manager, 'demo', 100);
    expect(projection.currentShare).toBe(25);
    expect(projection.observedChats).toBe(4);
    expect(projection.observedHours).toBe(1);
    expect(projection.workMeasured).toBe(true);
    expect(projection.work.handleSeconds).toBeCloseTo(600, -1);
    const [now, full] = projection.steps;
    // Four chats in one hour at 25 %: 4 an hour now, 16 at 100 %.
    expect(now!.peak).toMatchObject({ hour: 10, arrivalsPerHour: 4 });
    expect(full!.peak).toMatchObject({ hour: 10, arrivalsPerHour: 16 });
    expect(full!.peak!.agentsNeeded).toBeGreaterThan(now!.peak!.agentsNeeded!);
    expect(projection.pages).toEqual(['/permits']);

    // Segments: the chats were all English, on /permits.
    const english = await services.staffing.projection(manager, 'demo', undefined, { language: 'en', page: '/permits' });
    expect(english.observedChats).toBe(4);
    const french = await services.staffing.projection(manager, 'demo', undefined, { language: 'fr' });
    expect(french.observedChats).toBe(0);
    expect(french.steps[0]!.peak).toBeNull();
    const elsewhere = await services.staffing.projection(manager, 'demo', undefined, { page: '/benefits' });
    expect(elsewhere.observedChats).toBe(0);
  });
});
