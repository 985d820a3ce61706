/**
 * The staffing projection through the console's socket (issue #11): supervisors and managers read
 * it, only managers save the plan, bad input is refused with nothing changed, and an agent is
 * refused both.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffingSavePlan } from '../../protocol/staffing.js';
import { ask, closeAllSockets, connectAgent, onlineAgent, signIn } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

const SETTINGS = { serviceLevel: 0.8, answerWithinSeconds: 60, maxOccupancy: 0.85, shrinkage: 0.3 };

describe('the staffing projection over the console’s socket', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const managerConsole = async () => connectAgent(test.url, await signIn(test.url, MANAGER.email, MANAGER.password));

  it('answers the projection to supervisors and managers, and the plan to managers only', async () => {
    const manager = await managerConsole();
    const agent = await onlineAgent(test.url, test.server.services.auth);
    const supervisorEmail = `sup-${randomUUID().slice(0, 8)}@example.test`;
    await test.server.services.auth.createAccount({ email: supervisorEmail, password: 'a-long-enough-password', displayName: 'Sam', role: 'supervisor' });
    const supervisor = await connectAgent(test.url, await signIn(test.url, supervisorEmail, 'a-long-enough-password'));
    const agentId = (await test.server.services.store.agents.findByEmail(agent.email))!.id;
    const plan: StaffingSavePlan = { siteId: 'demo', version: 0, agents: [{ agentId, weekly: { mon: [{ opens: '09:00', closes: '17:00' }] } }], settings: SETTINGS };

    expect(await ask(agent.socket, 'staffing:projection', { siteId: 'demo' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(agent.socket, 'staffing:save-plan', plan)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(supervisor, 'staffing:save-plan', plan)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await test.server.services.store.staffingPlans.get('demo')).toBeNull();

    const read = await ask(supervisor, 'staffing:projection', { siteId: 'demo', targetShare: 50, language: 'fr', page: '/permits' });
    expect(read).toMatchObject({ ok: true, projection: { siteId: 'demo', currentShare: 100, workMeasured: false, observedHours: 0 } });

    const saved = await ask(manager, 'staffing:save-plan', plan);
    expect(saved).toMatchObject({ ok: true, plan: { version: 1, agents: [{ agentId, weekly: { mon: [{ opens: '09:00', closes: '17:00' }] } }] } });
    // A second save from the same version is refused: someone saved meanwhile.
    expect(await ask(manager, 'staffing:save-plan', plan)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses a plan the schema or the rules refuse, changing nothing', async () => {
    const manager = await managerConsole();
    const bad = [
      { siteId: 'demo', version: 0, agents: [], settings: { ...SETTINGS, serviceLevel: 1 } },
      { siteId: 'demo', version: 0, agents: [{ agentId: 'x', weekly: { mon: [{ opens: '9am', closes: '17:00' }] } }], settings: SETTINGS },
      { siteId: 'demo', version: 0, agents: [], settings: SETTINGS, extra: true },
      { siteId: 'demo', version: 0, agents: [{ agentId: 'nobody', weekly: {} }], settings: SETTINGS },
      { siteId: 'nowhere', version: 0, agents: [], settings: SETTINGS },
    ];
    for (const payload of bad) {
      const answer = await ask(manager, 'staffing:save-plan', payload as StaffingSavePlan);
      expect(answer, JSON.stringify(payload)).toMatchObject({ ok: false });
      expect(['invalid_payload', 'not_found']).toContain((answer as { error: { code: string } }).error.code);
    }
    expect(await test.server.services.store.staffingPlans.get('demo')).toBeNull();
    expect(await ask(manager, 'staffing:projection', { siteId: 'demo', targetShare: 101 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ask(manager, 'staffing:projection', { siteId: 'demo', page: 'no-slash' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
