/**
 * The soft launch in the citizen's browser (issue #8, points 2 and 3), in Chromium: with the
 * capacity guard closed for every queue of the page, the launcher opens on "busy", with the wait
 * and the other ways to reach the service, in English and in French, axe clean; a feature turned
 * off (leave-a-message) is not shown; with the guard open again, the start form lists only the
 * topics offered to this visitor. The loader keeps its visitor id in the tab's session storage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import type { RolloutPolicy } from '../../server/domain/rollout-policy.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { closeAllSockets, onlineAgent, startChat } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('busy and the topics offered, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let citizen: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200' });
    browser = await launchChromium();
    citizen = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    citizen.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  async function changePolicy(change: (policy: RolloutPolicy) => RolloutPolicy): Promise<void> {
    const { rollout, sites } = test.server.services;
    const current = await rollout.policyOf(await sites.require('demo'));
    await rollout.replace({ ...change(current), version: current.version + 1 }, current.version);
  }
  const chatFrame = (title: string): FrameLocator => citizen.frameLocator(`iframe[title="${title}"]`);
  const frameDocument = (): Frame => citizen.frame({ url: /\/chat\/frame/ })!;
  const expectNoAxeViolations = async (target: Page | Frame, where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  it('shows busy with the wait and the other ways when the guard is closed for every queue of the page', async () => {
    await changePolicy((policy) => ({ ...policy, guard: { ...policy.guard, enabled: true, maxWaitMinutes: null, maxQueuePerAgent: 0.5 } }));
    // One chat waiting in each queue of the demo's topics, nobody available: 1 per agent > 0.5.
    for (const [topicId, language] of [['benefits', 'en'], ['permits', 'en'], ['benefits', 'fr'], ['permits', 'fr']] as const) {
      await startChat(test.url, { topicId, language });
    }
    await test.server.services.capacityGuards.tick();

    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: /Chat with us/ }).click();
    const frame = chatFrame('Chat with an agent');
    await frame.getByRole('heading', { name: 'Chat is busy right now' }).waitFor();
    await frame.getByText(/^So many people are waiting/).waitFor();
    await frame.getByText('No agent is free to answer a new chat.').waitFor();
    await frame.getByRole('link', { name: '1-800-555-0199' }).waitFor();
    expect(await frame.getByRole('button', { name: 'Start chat' }).count()).toBe(0);
    expect(await frame.getByRole('textbox', { name: 'Your message' }).count()).toBe(1);
    await expectNoAxeViolations(frameDocument(), 'chat frame, busy');
    const visitor = await citizen.evaluate(() => sessionStorage.getItem('gov-chat:demo'));
    expect(JSON.parse(visitor ?? '{}').visitor).toMatch(/^[0-9a-f]{32}$/);
    expect(await citizen.evaluate(() => localStorage.length)).toBe(0);
    expect((await citizen.context().cookies()).length).toBe(0);
  });

  it('does the same in French, without the message form when leave-a-message is not offered', async () => {
    await changePolicy((policy) => ({ ...policy, features: { ...policy.features, leave_message: { ...policy.features.leave_message, enabled: false } } }));
    await citizen.goto(`${test.url}/fr/`);
    await citizen.getByRole('button', { name: /Clavarder avec nous/ }).click();
    const frame = chatFrame('Clavarder avec un agent');
    await frame.getByRole('heading', { name: 'Le clavardage est très occupé' }).waitFor();
    await frame.getByText("Aucun agent n'est libre pour répondre à un nouveau clavardage.").waitFor();
    await frame.getByRole('link', { name: '1-800-555-0199' }).waitFor();
    expect(await frame.getByRole('textbox', { name: 'Votre message' }).count()).toBe(0);
    await expectNoAxeViolations(frameDocument(), 'chat frame, busy, French');
  });

  it('lists only the topics offered once the guard is off, and keeps the id in local storage for a per-browser site', async () => {
    await changePolicy((policy) => ({
      ...policy,
      guard: { ...policy.guard, enabled: false },
      stickiness: 'browser',
      topics: { permits: { ...policy.chat, groupId: 'chat-offer.topic.permits', enabled: false } },
    }));
    await test.server.services.capacityGuards.tick();
    // Someone to answer, so that the start form shows (not "nobody available").
    await onlineAgent(test.url, test.server.services.auth);
    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: /Chat with us/ }).click();
    const frame = chatFrame('Chat with an agent');
    await frame.getByRole('radio', { name: 'Benefits and payments' }).waitFor();
    expect(await frame.getByRole('radio', { name: 'Permits and licences' }).count()).toBe(0);
    await frame.getByRole('button', { name: 'Start chat' }).waitFor();
    await expectNoAxeViolations(frameDocument(), 'chat frame, topics offered');
    const kept = await citizen.evaluate(() => [JSON.parse(sessionStorage.getItem('gov-chat:demo') ?? '{}').visitor, JSON.parse(localStorage.getItem('gov-chat:demo') ?? '{}').visitor]);
    expect(kept[1]).toBe(kept[0]);
    expect(pageErrors).toEqual([]);
  });
});
