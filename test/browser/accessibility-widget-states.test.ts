/**
 * WCAG 2.2 AA (issue #10): axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa and best
 * practices) on the demo page and the chat frame in every state the widget has, in English and in
 * French: closed (launcher only), pre-chat, queued, active, ending (the confirmation), survey, ended,
 * closed hours, leave-a-message (with its errors, then sent), busy. Each state prints one line,
 * `axe widget <state> <lang>: N violations`, and the test fails on any violation (soft, so that one
 * run reports every state). Controls are found by role and accessible name, in the catalogues' words.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import type { Language } from '../../protocol/languages.js';
import type { RolloutPolicy } from '../../server/domain/rollout-policy.js';
import type { Clock } from '../../server/services/clock.js';
import { DEMO_OFFICE_HOURS, demoSite } from '../../server/services/seed.js';
import { CHAT_STRINGS, format } from '../../widget/i18n/chat-strings.js';
import { LAUNCHER_STRINGS } from '../../widget/i18n/launcher-strings.js';
import { axeViolations, chromiumAvailable, launchChromium, type AxeViolation } from '../support/browser.js';
import { ask, closeAllSockets, onlineAgent, startChat, type AgentSocket } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

class SetClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
}

// Tuesday 3 November 2026, 10:00 in Toronto (open); Monday 2 November, 17:00 (closed).
const TUESDAY_10AM = Date.parse('2026-11-03T15:00:00Z');
const MONDAY_5PM = Date.parse('2026-11-02T22:00:00Z');
const TOPIC = { en: 'Permits and licences', fr: 'Permis et licences' } as const;
const PAGE = { en: '/', fr: '/fr/' } as const;

describe.skipIf(!chromiumAvailable)('axe-core in every state of the widget, in English and French', { timeout: 180_000 }, () => {
  let test: TestServer;
  let browser: Browser;
  let agent: AgentSocket;
  const clock = new SetClock(TUESDAY_10AM);
  const results: Array<{ state: string; language: Language; violations: AxeViolation[] }> = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer({ SESSION_TTL_MINUTES: '10080', MAX_CONNECTIONS_PER_ADDRESS: '200' }, { clock });
    await test.server.services.store.sites.put(demoSite([], DEMO_OFFICE_HOURS));
    browser = await launchChromium();
    agent = (await onlineAgent(test.url, test.server.services.auth, { displayName: 'Alex Martin', publicName: 'Alex' })).socket;
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  async function citizenPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    return { context, page };
  }

  /** axe on the host page and, once it exists, on the chat frame; one line per state. */
  async function check(page: Page, state: string, language: Language): Promise<void> {
    const frame: Frame | null = page.frame({ url: /\/chat\/frame/ });
    const violations = [...(await axeViolations(page)), ...(frame ? await axeViolations(frame) : [])];
    results.push({ state, language, violations });
    console.log(`axe widget ${state} ${language}: ${violations.length} violations`);
    expect.soft(violations, `${state} (${language}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  const chatFrame = (page: Page, language: Language): FrameLocator =>
    page.frameLocator(`iframe[title="${LAUNCHER_STRINGS[language].frameTitle}"]`);

  async function changePolicy(change: (policy: RolloutPolicy) => RolloutPolicy): Promise<void> {
    const { rollout, sites } = test.server.services;
    const current = await rollout.policyOf(await sites.require('demo'));
    await rollout.replace({ ...change(current), version: current.version + 1 }, current.version);
  }

  for (const language of ['en', 'fr'] as const) {
    const words = CHAT_STRINGS[language];
    const launcherWords = LAUNCHER_STRINGS[language];

    it(`walks a chat from the launcher to the survey, axe clean in each state (${language})`, async () => {
      clock.time = TUESDAY_10AM;
      const { context, page } = await citizenPage();
      await page.goto(`${test.url}${PAGE[language]}`);
      const launcher = page.getByRole('button', { name: launcherWords.launcher });
      await launcher.waitFor();
      await check(page, 'closed', language);

      await launcher.click();
      const frame = chatFrame(page, language);
      await frame.getByRole('heading', { name: words.privacyHeading }).waitFor();
      await frame.getByRole('button', { name: words.start }).waitFor();
      await check(page, 'pre-chat', language);

      // The start form with its error shown.
      await frame.getByRole('button', { name: words.start }).click();
      await frame.getByText(words.topicRequired).waitFor();
      await check(page, 'pre-chat-error', language);

      await frame.getByRole('radio', { name: TOPIC[language] }).check();
      await frame.getByRole('button', { name: words.start }).click();
      await frame.getByRole('status').filter({ hasText: words.waitingNext }).waitFor();
      await check(page, 'queued', language);

      const snapshot = await ask(agent, 'console:sync', {});
      if (!snapshot.ok) throw new Error(snapshot.error.code);
      const conversationId = snapshot.queue.find((entry) => entry.language === language)!.id;
      const accepted = await ask(agent, 'conversation:accept', { conversationId });
      expect(accepted.ok).toBe(true);
      await frame.getByRole('status').filter({ hasText: format(words.connectedWith, { agent: 'Alex' }) }).waitFor();
      await frame.getByLabel(words.messageLabel).fill('Hello');
      await frame.getByRole('button', { name: words.send, exact: true }).click();
      await ask(agent, 'message:send', { conversationId, clientId: randomUUID(), text: 'Hello, how can I help?' });
      await frame.getByRole('log', { name: words.messagesLabel }).getByText('Hello, how can I help?').waitFor();
      await check(page, 'active', language);

      await frame.getByRole('button', { name: words.endChat }).click();
      await frame.getByRole('button', { name: words.endYes }).waitFor();
      await check(page, 'end-confirm', language);

      await frame.getByRole('button', { name: words.endYes }).click();
      await frame.getByRole('heading', { name: words.ended }).waitFor();
      await frame.getByRole('group', { name: words.satisfactionQuestion }).waitFor();
      await check(page, 'survey', language);

      await frame.getByRole('button', { name: words.surveySkip }).click();
      await frame.getByRole('button', { name: words.newChat }).waitFor();
      expect(await frame.getByRole('group', { name: words.satisfactionQuestion }).count()).toBe(0);
      await check(page, 'ended', language);
      await context.close();
    });

    it(`shows closed hours and takes a message, axe clean in each state (${language})`, async () => {
      clock.time = MONDAY_5PM;
      const { context, page } = await citizenPage();
      await page.goto(`${test.url}${PAGE[language]}`);
      await page.getByRole('button', { name: launcherWords.launcher }).click();
      const frame = chatFrame(page, language);
      await frame.getByRole('heading', { name: words.closedHeading }).waitFor();
      await check(page, 'closed-hours', language);

      await frame.getByRole('button', { name: words.leaveSend }).click();
      await frame.getByText(words.leaveTextMissing).waitFor();
      await check(page, 'leave-a-message-errors', language);

      await frame.getByRole('radio', { name: TOPIC[language] }).check();
      await frame.getByRole('textbox', { name: words.leaveTextLabel }).fill('Please call me back.');
      await frame.getByRole('textbox', { name: words.emailLabel }).fill('sam@example.test');
      await frame.getByRole('button', { name: words.leaveSend }).click();
      await frame.getByRole('heading', { name: words.leaveSentHeading }).waitFor();
      await check(page, 'leave-a-message-sent', language);
      await context.close();
      clock.time = TUESDAY_10AM;
    });
  }

  it('shows busy when the capacity guard is closed, axe clean (en, fr)', async () => {
    clock.time = TUESDAY_10AM;
    await ask(agent, 'agent:set-status', { status: 'away' });
    await changePolicy((policy) => ({ ...policy, guard: { ...policy.guard, enabled: true, maxWaitMinutes: null, maxQueuePerAgent: 0.5 } }));
    for (const [topicId, language] of [['benefits', 'en'], ['permits', 'en'], ['benefits', 'fr'], ['permits', 'fr']] as const) {
      await startChat(test.url, { topicId, language });
    }
    await test.server.services.capacityGuards.tick();
    for (const language of ['en', 'fr'] as const) {
      const { context, page } = await citizenPage();
      await page.goto(`${test.url}${PAGE[language]}`);
      await page.getByRole('button', { name: LAUNCHER_STRINGS[language].launcher }).click();
      await chatFrame(page, language).getByRole('heading', { name: CHAT_STRINGS[language].busyHeading }).waitFor();
      await check(page, 'busy', language);
      await context.close();
    }
  });

  it('checked every state in both languages, and raised no script errors', () => {
    const states = ['closed', 'pre-chat', 'pre-chat-error', 'queued', 'active', 'end-confirm', 'survey', 'ended', 'closed-hours', 'leave-a-message-errors', 'leave-a-message-sent', 'busy'];
    for (const language of ['en', 'fr'] as const) {
      expect(results.filter((result) => result.language === language).map((result) => result.state).sort()).toEqual([...states].sort());
    }
    const total = results.reduce((sum, result) => sum + result.violations.length, 0);
    console.log(`axe widget total: ${results.length} state checks, ${total} violations`);
    expect(total).toBe(0);
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
