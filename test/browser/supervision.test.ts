/**
 * The supervisor's live view in Chromium (issue #7, point 7): the demo supervisor signs in, opens
 * Supervision, sees a queue and an agent change live, changes the agent's limit from the keyboard
 * (a wrong value refused in words first), opens a waiting chat read-only and sees the citizen's
 * messages arrive, with no way to write, and reassigns it to an agent (a transfer, with a note);
 * axe-core finds nothing in English or in French. The view is a page of its own (/console/live: reload,
 * back button); an agent is never offered it and cannot open it by its address.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, connectAgent, signIn, startChat, type AgentSocket } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('the supervisor’s live view, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let camille: AgentSocket;
  const pageErrors: string[] = [];

  /** A demo account's one-time password, as the server printed it at start. */
  const demoPassword = (email: string) => test.server.seeded.demoAccounts.find((account) => account.email === email)!.password;

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    // Camille, the demo's French-speaking agent, at her console (a socket of her own).
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
  const queues = () => page.getByRole('table', { name: 'Queues' });
  const agents = () => page.getByRole('table', { name: 'Agents' });
  const row = (table: ReturnType<typeof queues>, header: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: header, exact: true }) });
  const cells = async (table: ReturnType<typeof queues>, header: string) => (await row(table, header).getByRole('cell').allTextContents()).map((text) => text.trim());

  it('is not offered to an agent', async () => {
    const agentContext = await browser.newContext();
    const agentPage = await agentContext.newPage();
    await agentPage.goto(`${test.url}/console`);
    await agentPage.getByLabel('Email').fill('agent@demo.test');
    await agentPage.getByLabel('Password').fill(demoPassword('agent@demo.test'));
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    const sections = agentPage.getByRole('navigation', { name: 'Console sections' });
    await sections.getByRole('link', { name: 'Chats' }).waitFor();
    expect(await sections.getByRole('link', { name: 'Supervision' }).count()).toBe(0);
    // Its address, typed or bookmarked, says the page is not for an agent.
    await agentPage.goto(`${test.url}/console/live`);
    await agentPage.getByRole('heading', { level: 1, name: 'You cannot open this page' }).waitFor();
    expect(await agentPage.getByRole('table', { name: 'Queues' }).count()).toBe(0);
    await agentContext.close();
  });

  it('shows every queue and agent to the demo supervisor, and changes as they happen', async () => {
    await page.goto(`${test.url}/console`);
    await page.getByLabel('Email').fill('supervisor@demo.test');
    await page.getByLabel('Password').fill(demoPassword('supervisor@demo.test'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Supervision' }).click();
    await queues().waitFor();
    // A page of its own: its address, its h1 (focused after the move) and its title.
    expect(new URL(page.url()).pathname).toBe('/console/live');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent)).toBe('H1 Supervision');
    expect(await page.title()).toBe('Supervision – Chat console');

    expect(await queues().getByRole('columnheader').allTextContents()).toEqual(['Queue', 'Mode', 'Waiting', 'Longest wait', 'Available', 'Away', 'With room', 'Chats']);
    // Camille is available; Sam, the supervisor, serves every queue and is away until they say otherwise.
    expect(await cells(queues(), 'Permits (French)')).toEqual(['Agents pick', '0', 'None', '1', '1', '1', 'View chats']);
    await expect.poll(() => cells(agents(), 'Camille')).toEqual(['Agent', 'Available', 'Connected', 'French', 'General questions (French), Permits (French)', '0', expect.stringMatching(/Save$/), 'View chats']);
    expect(await row(agents(), 'Camille').getByRole('spinbutton', { name: 'Chat limit for Camille' }).inputValue()).toBe('3');

    // Camille goes away for a meal, and a citizen starts a chat about permits, in French: both show.
    await ask(camille, 'agent:set-status', { status: 'away', reason: 'meal' });
    await expect.poll(() => cells(agents(), 'Camille').then((values) => values[1])).toBe('Away (Meal)');
    await expect.poll(() => cells(queues(), 'Permits (French)').then((values) => values.slice(1, 6))).toEqual(['0', 'None', '0', '2', '0']);
    await startChat(test.url, { visitorName: 'Marie', topicId: 'permits', language: 'fr' });
    await expect.poll(() => cells(queues(), 'Permits (French)').then((values) => values.slice(1, 3))).toEqual(['1', 'less than a minute']);
    await expectNoAxeViolations('supervision, live');
  });

  it('changes an agent’s limit from the keyboard, refusing a wrong value in words', async () => {
    const field = row(agents(), 'Camille').getByRole('spinbutton', { name: 'Chat limit for Camille' });
    await field.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await row(agents(), 'Camille').getByRole('alert').filter({ hasText: 'Enter a whole number from 1 to 20.' }).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations('supervision, a wrong limit');

    await field.fill('5');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Save chat limit for Camille');
    await page.keyboard.press('Enter');
    await row(agents(), 'Camille').getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await test.server.services.store.agents.findByEmail('agent-fr@demo.test'))!.maxConcurrentChats).toBe(5);
    expect(await field.getAttribute('aria-invalid')).toBe('false');
  });

  it('opens a waiting chat read-only and sees the citizen write, live, with nothing to write with', async () => {
    const { socket: citizen } = await startChat(test.url, { visitorName: 'Lou', topicId: 'permits', language: 'fr' });
    await ask(citizen, 'message:send', { clientId: randomUUID(), text: 'Bonjour, une question sur mon permis.' });
    await row(queues(), 'Permits (French)').getByRole('button', { name: 'View chats waiting in Permits (French)' }).click();
    const list = page.getByRole('region', { name: 'Chats waiting in Permits (French)' });
    // From the keyboard: focus moved to the list's heading; the chat is a button in it.
    await list.getByRole('button', { name: /Lou/ }).focus();
    await page.keyboard.press('Enter');

    const chat = page.getByRole('region', { name: /Chat with Lou/ });
    await chat.getByRole('heading', { name: 'Chat with Lou Read only' }).waitFor();
    await chat.getByText('You are watching this chat.', { exact: false }).waitFor();
    const log = chat.getByRole('log', { name: 'Messages' });
    await log.getByText('Bonjour, une question sur mon permis.').waitFor();
    await ask(citizen, 'message:send', { clientId: randomUUID(), text: 'Êtes-vous là?' });
    await log.getByText('Êtes-vous là?').waitFor();
    // Read-only, explicitly: no message field, no note, no end; reassigning is a supervisor's own act.
    for (const name of ['Message', 'Internal note']) expect(await chat.getByRole('textbox', { name }).count()).toBe(0);
    for (const name of ['Send', 'End chat']) expect(await chat.getByRole('button', { name }).count()).toBe(0);
    await chat.getByRole('button', { name: 'Reassign' }).waitFor();
    expect(await (await test.server.services.store.conversations.listQueued('permits-fr')).length).toBe(2);
    await expectNoAxeViolations('supervision, a chat open read-only');
    // The list follows its queue.
    await startChat(test.url, { visitorName: 'Zoé', topicId: 'permits', language: 'fr' });
    await list.getByRole('button', { name: /Zoé/ }).waitFor();
  });

  it('reassigns the waiting chat it watches to an agent who can take it, with a note, from the keyboard', async () => {
    // Camille is back from her break: she can take a chat now.
    await ask(camille, 'agent:set-status', { status: 'available' });
    const chat = page.getByRole('region', { name: /Chat with Lou/ });
    const reassign = chat.getByRole('button', { name: 'Reassign' });
    await reassign.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Transfer the chat with Lou' });
    await dialog.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'Camille (0 of 5 chats)' });
    await dialog.getByLabel('Note for the next agent (optional)').fill('Permit question, in French.');
    await expectNoAxeViolations('supervision, reassigning a chat');
    const given = new Promise<{ id: string; status: string }>((resolve) => camille.on('conversation:updated', resolve));
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // Camille holds it now, and the view that watches it says so, live.
    expect(await given).toMatchObject({ status: 'active' });
    await chat.getByRole('status').filter({ hasText: 'In progress' }).waitFor();
    await chat.getByText('Camille', { exact: true }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Reassign');
    expect(await (await test.server.services.store.conversations.listQueued('permits-fr')).length).toBe(2);
  });

  it('reads the same in French, axe-clean', async () => {
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('table', { name: 'Files d’attente' }).waitFor();
    const frenchQueues = page.getByRole('table', { name: 'Files d’attente' });
    // Lou was given to Camille: two wait (the view says so within its second of pacing).
    await expect.poll(async () => (await row(frenchQueues, 'Permis (français)').getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['Au choix des agents', '2']);
    await page.getByRole('table', { name: 'Agents' }).getByRole('spinbutton', { name: 'Limite de clavardages de Camille' }).waitFor();
    await page.getByRole('heading', { name: 'Clavardage avec Lou Lecture seule' }).waitFor();
    await expectNoAxeViolations('supervision in French');

    await page.getByRole('button', { name: 'Arrêter de suivre' }).click();
    await page.getByText('Ouvrez un clavardage d’une liste pour le lire ici, en direct et en lecture seule.').waitFor();
    await expectNoAxeViolations('supervision in French, no chat open');
  });

  it('keeps the page through a reload, and goes back to the chats with the back button', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.reload();
    await queues().waitFor();
    expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Supervision']);
    await page.goBack();
    await page.getByRole('region', { name: 'Waiting chats' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console');
    expect(await page.title()).toBe('Chats – Chat console');
    expect(await queues().count()).toBe(0);
    await page.goForward();
    await queues().waitFor();
    expect(await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Supervision' }).getAttribute('aria-current')).toBe('page');
  });

  it('raised no script errors and no CSP violations', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
