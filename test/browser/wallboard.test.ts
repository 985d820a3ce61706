/**
 * The supervisors' wallboard in Chromium (issue #11, Operations): the demo supervisor opens it from
 * the navigation on a 1920×1080 screen holding ten queues, which fit without scrolling; a scripted
 * chat shows in its queue's figures (waiting, longest wait, who is free or busy) and in the agent's
 * load, live; axe-core finds nothing in English or in French. An agent is never offered it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, connectAgent, signIn, startChat, type AgentSocket } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('the wallboard, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let camille: AgentSocket;
  const pageErrors: string[] = [];

  const demoPassword = (email: string) => test.server.seeded.demoAccounts.find((account) => account.email === email)!.password;

  beforeAll(async () => {
    test = await startTestServer();
    // Ten queues in all: the demo's four and six more, as a contact centre's wall would show.
    for (let i = 1; i <= 6; i++) {
      await test.server.services.store.queues.insert({ id: `extra-${i}`, name: { en: `Extra queue ${i}`, fr: `File supplémentaire ${i}` }, language: i % 2 === 0 ? 'fr' : 'en', mode: 'automatic' });
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    camille = await connectAgent(test.url, await signIn(test.url, 'agent-fr@demo.test', demoPassword('agent-fr@demo.test')));
    await ask(camille, 'agent:set-status', { status: 'available' });
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  const expectNoAxeViolations = async (where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  const tile = (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });
  /** A tile's figures as the screen shows them: each term with its value. */
  const figures = (locator: Locator) =>
    locator.evaluate((element) =>
      Object.fromEntries(Array.from(element.querySelectorAll('dl > div')).map((pair) => [pair.querySelector('dt')!.textContent!.trim(), pair.querySelector('dd')!.textContent!.trim()])),
    );
  const agentLine = (name: string) => page.locator('.wallboard-agent').filter({ hasText: name });

  it('is not offered to an agent', async () => {
    const agentContext = await browser.newContext();
    const agentPage = await agentContext.newPage();
    await agentPage.goto(`${test.url}/console`);
    await agentPage.getByLabel('Email').fill('agent@demo.test');
    await agentPage.getByLabel('Password').fill(demoPassword('agent@demo.test'));
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    const sections = agentPage.getByRole('navigation', { name: 'Console sections' });
    await sections.getByRole('link', { name: 'Chats' }).waitFor();
    expect(await sections.getByRole('link', { name: 'Wallboard' }).count()).toBe(0);
    await agentPage.goto(`${test.url}/console/wallboard`);
    await agentPage.getByRole('heading', { level: 1, name: 'You cannot open this page' }).waitFor();
    await agentContext.close();
  });

  it('shows every queue and the agents signed in, reached from the navigation by keyboard, fitting a 1920×1080 screen', async () => {
    await page.goto(`${test.url}/console`);
    await page.getByLabel('Email').fill('supervisor@demo.test');
    await page.getByLabel('Password').fill(demoPassword('supervisor@demo.test'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const link = page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Wallboard' });
    await link.focus();
    await page.keyboard.press('Enter');
    await tile('Permits (French)').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/wallboard');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent)).toBe('H1 Wallboard');
    expect(await page.title()).toBe('Wallboard – Chat console');

    expect(await page.getByRole('heading', { level: 3 }).count()).toBe(10);
    // Camille is available with room; Sam, the supervisor, serves every queue and is away.
    expect(await figures(tile('Permits (French)'))).toEqual({ Waiting: '0', 'Longest wait': '–nobody waiting', Free: '1', Busy: '0', Away: '1' });
    await agentLine('Camille').waitFor();
    expect(await agentLine('Camille').textContent()).toBe('CamilleAvailable0/30 of 3 chats');
    const size = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth }));
    expect(size.height).toBeLessThanOrEqual(1080);
    expect(size.width).toBeLessThanOrEqual(1920);
    await expectNoAxeViolations('wallboard');
  });

  it('follows a scripted chat live: waiting with its longest wait, then Camille busy with it', async () => {
    const first = await startChat(test.url, { visitorName: 'Marie', topicId: 'permits', language: 'fr' });
    await expect.poll(() => figures(tile('Permits (French)')).then((shown) => shown.Waiting)).toBe('1');
    expect((await figures(tile('Permits (French)')))['Longest wait']).toMatch(/^0:0\d$/);
    // The clock ticks on the screen, with no event from the server.
    const before = (await figures(tile('Permits (French)')))['Longest wait'];
    await expect.poll(() => figures(tile('Permits (French)')).then((shown) => shown['Longest wait']), { timeout: 4000 }).not.toBe(before);

    // Camille takes it at a limit of one: she is busy (no room), and the next chat finds nobody free.
    await test.server.services.store.agents.setLimit((await test.server.services.store.agents.findByEmail('agent-fr@demo.test'))!.id, 1);
    expect(await ask(camille, 'conversation:accept', { conversationId: first.conversationId })).toMatchObject({ ok: true });
    await startChat(test.url, { visitorName: 'Lou', topicId: 'permits', language: 'fr' });
    await expect.poll(() => figures(tile('Permits (French)'))).toEqual({ Waiting: '1', 'Longest wait': expect.stringMatching(/^0:0\d$/), Free: '0', Busy: '1', Away: '1' });
    await tile('Permits (French)').getByText('Nobody free').waitFor();
    await expect.poll(() => agentLine('Camille').textContent()).toBe('CamilleAvailable1/11 of 1 chats');
    await expectNoAxeViolations('wallboard, a chat waiting with nobody free');
  });

  it('reads the same in French, axe-clean', async () => {
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau mural' }).waitFor();
    const permits = tile('Permis (français)');
    await expect.poll(() => figures(permits)).toEqual({ 'En attente': '1', 'Plus longue attente': expect.stringMatching(/^0:\d\d$/), Libres: '0', Occupés: '1', Absents: '1' });
    await permits.getByText('Personne de libre').waitFor();
    expect(await agentLine('Camille').textContent()).toBe('CamilleDisponible1/11 sur 1 clavardages');
    await expectNoAxeViolations('wallboard in French');
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('raised no script errors and no CSP violations', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
