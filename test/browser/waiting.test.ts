/**
 * Waiting in line, in a real browser (Debian's Chromium; issue #7, point 3): the citizen sees their
 * place and an estimated wait, or honestly that nobody who could answer is available (in French, no
 * French-speaking agent), the visible text stays current while the polite live region ("Your place
 * in line") speaks at most every 30 s, and a place that moves back says why. axe-core on every
 * state. Agents and other citizens are real sockets driven from the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { ask, closeAllSockets, onlineAgent, startChat } from '../support/clients.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('waiting in line, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const pageErrors: string[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  /** A citizen in a browser of their own (their own sessionStorage), on the English or French demo page. */
  const citizenPage = async (path: '/' | '/fr/'): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // A clock the test can move, so that the 30 s between announcements take no 30 s here.
    await context.clock.install();
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    pages.push(page);
    await page.goto(`${test.url}${path}`);
    return page;
  };
  const chatFrameOf = (page: Page) => page.frame({ url: /\/chat\/frame/ })!;
  const expectNoAxeViolations = async (page: Page, where: string) => {
    const violations = await axeViolations(chatFrameOf(page));
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  const auth = () => test.server.services.auth;
  /**
   * An agent signed in but on a break (Away): a chat can start (someone is there to answer, see
   * chat-availability.ts), yet nobody can take it now, so the line has no estimate to give.
   */
  const agentOnBreak = async (language: 'en' | 'fr', queueId: string) => {
    const onBreak = await onlineAgent(test.url, auth(), { languages: [language], queueIds: [queueId] });
    expect(await ask(onBreak.socket, 'agent:set-status', { status: 'away' })).toMatchObject({ ok: true });
    return onBreak;
  };

  let english: Page;
  let englishFrame: FrameLocator;
  let agent: Awaited<ReturnType<typeof onlineAgent>>;

  it('tells a citizen that no English-speaking agent is available, without promising a time', async () => {
    await agentOnBreak('en', 'permits-en');
    english = await citizenPage('/');
    await english.getByRole('button', { name: 'Chat with us' }).click();
    englishFrame = english.frameLocator('iframe[title="Chat with an agent"]');
    await englishFrame.getByRole('radio', { name: 'Permits and licences' }).check();
    await englishFrame.getByRole('button', { name: 'Start chat' }).click();
    await englishFrame.getByText('You are next in line.', { exact: true }).waitFor();
    await englishFrame.getByText('No English-speaking agent is available right now.', { exact: true }).waitFor();
    await expect.poll(() => englishFrame.getByText(/Estimated wait/).count()).toBe(0);
    const live = englishFrame.getByRole('status', { name: 'Your place in line' });
    await expect.poll(() => live.textContent()).toMatch(/^You are next in line\. No English-speaking agent is available right now\. You can stay in line/);
    await expectNoAxeViolations(english, 'chat frame, waiting with no agent');
  });

  it('suggests the self-service pages that match the first message while the chat waits (keeping the place)', async () => {
    const help = englishFrame.getByRole('region', { name: 'While you wait, these pages may answer your question' });
    expect(await help.count()).toBe(0);
    await englishFrame.getByLabel('Your message').fill('Can I see the status of my application online?');
    await englishFrame.getByLabel('Your message').press('Enter');
    await help.getByRole('link', { name: /^Check the status of an application/ }).waitFor();
    // Only what matches: the payment dates have nothing to do with this question.
    expect(await help.getByRole('link').count()).toBe(1);
    expect(await help.getByRole('link').getAttribute('target')).toBe('_blank');
    await expectNoAxeViolations(english, 'chat frame, waiting with suggested pages');
  });

  it('shows the estimated wait once an agent can answer, at once on screen, announced no sooner than 30 s after the last time', async () => {
    agent = await onlineAgent(test.url, auth(), { languages: ['en'], queueIds: ['permits-en'], maxConcurrentChats: 1 });
    await englishFrame.getByText('Estimated wait: less than a minute.', { exact: true }).waitFor();
    await expect.poll(() => englishFrame.getByText('No English-speaking agent is available right now.', { exact: true }).count()).toBe(0);
    // The live region said the place a moment ago: the change waits for its turn, then is said.
    const live = englishFrame.getByRole('status', { name: 'Your place in line' });
    expect(await live.textContent()).toMatch(/No English-speaking agent/);
    await english.clock.fastForward(30_000);
    await expect.poll(() => live.textContent()).toBe('You are next in line. Estimated wait: less than a minute.');
    await expectNoAxeViolations(english, 'chat frame, waiting with an estimate');
  });

  it('says why the place moved back when an interrupted chat goes back to the front of the line', async () => {
    const other = await startChat(test.url, { topicId: 'permits', language: 'en' });
    expect(await ask(agent.socket, 'conversation:accept', { conversationId: other.conversationId })).toMatchObject({ ok: true });
    await englishFrame.getByText('Estimated wait: about 10 minutes.', { exact: true }).waitFor();
    // The agent signs out: the chat they held goes back to the head of the line, ahead of ours.
    await fetch(`${test.url}/api/auth/sign-out`, { method: 'POST', headers: { cookie: agent.cookie } });
    await englishFrame.getByText('You are number 2 in line.', { exact: true }).waitFor();
    await englishFrame.getByText('A chat that was interrupted went back to the front of the line, so your place moved back.', { exact: true }).waitFor();
    await englishFrame.getByText('No English-speaking agent is available right now.', { exact: true }).waitFor();
    await expectNoAxeViolations(english, 'chat frame, place moved back');
  });

  it('tells a French chat, in French, that no French-speaking agent is available while only English-speaking agents are online, and gives the wait of the English line when the citizen switches to English', async () => {
    await onlineAgent(test.url, auth(), { languages: ['en'], queueIds: ['permits-en', 'permits-fr'] });
    await agentOnBreak('fr', 'permits-fr');
    const french = await citizenPage('/fr/');
    await french.getByRole('button', { name: /Clavarder avec nous/ }).click();
    const frame = french.frameLocator('iframe[title="Clavarder avec un agent"]');
    await frame.getByRole('radio', { name: 'Permis et licences' }).check();
    await frame.getByRole('button', { name: 'Commencer le clavardage' }).click();
    await frame.getByText('Vous êtes le prochain dans la file.', { exact: true }).waitFor();
    await frame.getByText("Aucun agent parlant français n'est disponible pour le moment.", { exact: true }).waitFor();
    const live = frame.getByRole('status', { name: 'Votre place dans la file' });
    await expect.poll(() => live.textContent()).toMatch(/Aucun agent parlant français/);
    await expectNoAxeViolations(french, 'chat frame in French, no French-speaking agent');
    // Switching the chat to English moves it to the English line (keeping its place in time),
    // where an English-speaking agent can answer: the estimate follows. Back in French, it waits
    // for a French-speaking agent again, and says so.
    await frame.getByRole('button', { name: 'English' }).click();
    await frame.getByText(/^Estimated wait: /).waitFor();
    await expect.poll(() => frame.getByText('No English-speaking agent is available right now.', { exact: true }).count()).toBe(0);
    // Behind the English chats already waiting, by the citizen's own choice: no "moved back" note.
    await frame.getByText('You are number 3 in line.', { exact: true }).waitFor();
    expect(await frame.getByText(/your place moved back/).count()).toBe(0);
    await frame.getByRole('button', { name: 'Français' }).click();
    await frame.getByText("Aucun agent parlant français n'est disponible pour le moment.", { exact: true }).waitFor();

    await onlineAgent(test.url, auth(), { languages: ['fr'], queueIds: ['permits-fr'] });
    await frame.getByText("Attente estimée\u00a0: moins d'une minute.", { exact: true }).waitFor();
    await expectNoAxeViolations(french, 'chat frame in French, waiting with an estimate');
  });

  it('raised no script errors and no CSP violations', () => {
    expect(pages.length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});
