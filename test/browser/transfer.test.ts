/**
 * Transfer and wrap-up in a real browser (Debian's Chromium; issue #7, point 6): an agent transfers
 * a chat from the console's Transfer dialog, reached from the keyboard, to another agent with a
 * note; the citizen's chat app says so in their language; the chat comes back with the other
 * agent's note among the notes; the agent ends it and the wrap-up form takes the focus, asks for an
 * outcome and, once saved, the chat leaves My chats. Then in French: a transfer to a queue, the
 * citizen told in French, and a wrap-up. axe-core finds nothing in each state, in English and in
 * French, on the console and in the chat frame. The other agent is a real socket driven from the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { Note } from '../../protocol/agent-tools.js';
import type { AgentConversation } from '../../protocol/models.js';
import { DEMO_QUEUES } from '../../server/services/seed.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, nextEvent, onlineAgent } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const ALEX = { email: 'alex-transfer@example.test', password: 'a-long-enough-password' };

describe.skipIf(!chromiumAvailable)('transfer and wrap-up, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let agent: Page;
  let blake: Awaited<ReturnType<typeof onlineAgent>>;
  let blakeId: string;
  let alexId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    const alex = await test.server.services.auth.createAccount({
      ...ALEX,
      displayName: 'Alex',
      publicName: 'Alex',
      role: 'agent',
      languages: ['en', 'fr'],
      queueIds: DEMO_QUEUES.map((queue) => queue.id),
    });
    alexId = alex!.id;
    blake = await onlineAgent(test.url, test.server.services.auth, { displayName: 'Blake', publicName: 'Blake', languages: ['en', 'fr'], queueIds: [] });
    blakeId = (await test.server.services.store.agents.findByEmail(blake.email))!.id;
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    return page;
  };
  const expectNoAxeViolations = async (target: Parameters<typeof axeViolations>[0], where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  const chatFrameOf = (page: Page) => page.frame({ url: /\/chat\/frame/ })!;
  const focusedText = () => agent.evaluate(() => document.activeElement?.textContent ?? '');
  const stored = (id: string) => test.server.services.conversations.get(id);

  /** A citizen on the demo page (English or French) who starts a permits chat as Marie or Luc. */
  const citizenStarts = async (path: '/' | '/fr/', name: string): Promise<{ page: Page; frame: FrameLocator }> => {
    const page = await newPage();
    await page.goto(`${test.url}${path}`);
    const english = path === '/';
    await page.getByRole('button', { name: english ? 'Chat with us' : /Clavarder/ }).first().click();
    const frame = page.frameLocator(`iframe[title="${english ? 'Chat with an agent' : 'Clavarder avec un agent'}"]`);
    await frame.getByLabel(english ? 'First name (optional)' : 'Prénom (facultatif)').fill(name);
    await frame.getByRole('radio', { name: english ? 'Permits and licences' : 'Permis et licences' }).check();
    await frame.getByRole('button', { name: english ? 'Start chat' : 'Commencer le clavardage' }).click();
    return { page, frame };
  };

  let marie: { page: Page; frame: FrameLocator };
  let marieId: string;

  it('transfers a chat to another agent from the keyboard, with a note the citizen never sees; the citizen is told', async () => {
    agent = await newPage();
    await agent.goto(`${test.url}/console`);
    await agent.getByLabel('Email').fill(ALEX.email);
    await agent.getByLabel('Password').fill(ALEX.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('radio', { name: 'Available' }).check();
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);

    marie = await citizenStarts('/', 'Marie');
    await agent.getByRole('button', { name: 'Accept chat from Marie' }).click();
    await agent.getByRole('heading', { name: 'Chat with Marie' }).waitFor();
    await marie.frame.getByRole('status').filter({ hasText: 'You are chatting with Alex.' }).waitFor();
    marieId = (await test.server.services.store.conversations.listActiveByAgent(alexId))[0]!.id;

    // Reached and opened from the keyboard.
    await agent.getByRole('button', { name: 'Transfer', exact: true }).focus();
    await agent.keyboard.press('Enter');
    const dialog = agent.getByRole('dialog', { name: 'Transfer the chat with Marie' });
    await dialog.getByLabel('Agent', { exact: true }).waitFor();
    expect(await dialog.getByLabel('Agent', { exact: true }).locator('option').allTextContents()).toEqual(['Blake (0 of 3 chats)']);
    await expectNoAxeViolations(agent, 'console, transfer dialog');
    // Escape cancels, and gives the focus back to Transfer.
    await agent.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedText()).toBe('Transfer');

    await agent.keyboard.press('Enter');
    await dialog.getByLabel('Agent', { exact: true }).waitFor();
    await dialog.getByLabel('Note for the next agent (optional)').fill('Permit 77-Q, wants a call back');
    const received = nextEvent<Note>(blake.socket, 'note:created', (note) => note.kind === 'transferred');
    const given = nextEvent<AgentConversation>(blake.socket, 'conversation:updated', (c) => c.id === marieId && c.status === 'active');
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await received).toMatchObject({ text: 'Permit 77-Q, wants a call back', byName: 'Alex' });
    await given;

    // Gone from My chats; the focus is on its heading; the live region says where it went.
    await agent.getByText('You have no chats open. Accept one from the waiting chats.').waitFor();
    expect(await focusedText()).toBe('My chats');
    await expect.poll(() => agent.getByText('The chat with Marie was transferred to Blake.').count()).toBe(1);
    await expectNoAxeViolations(agent, 'console after a transfer');

    await marie.frame.getByRole('status').filter({ hasText: 'Your chat was transferred to another agent. You are now chatting with Blake.' }).waitFor();
    expect(await marie.frame.locator('body').textContent()).not.toContain('77-Q');
    await expectNoAxeViolations(chatFrameOf(marie.page), 'chat frame, transferred to another agent');
  });

  it('brings a chat transferred to the agent with the note, and after it ends asks for the wrap-up, then frees them', async () => {
    expect(
      await ask(blake.socket, 'conversation:transfer', { conversationId: marieId, to: { kind: 'agent', agentId: alexId }, note: 'Called; back to you.' }),
    ).toMatchObject({ ok: true });
    // Given to Alex, who once picked it: alerted as a chat given to them, not taken for a pick.
    await expect.poll(() => agent.getByText('New chat given to you: Marie, Permits and licences.').count()).toBe(1);
    await agent.getByRole('button', { name: /Marie/ }).click();
    const log = agent.getByRole('log', { name: 'Messages' });
    const record = log.getByRole('listitem').filter({ hasText: 'Blake transferred the chat to you.' });
    await record.waitFor();
    expect(await record.textContent()).toContain('Called; back to you.');
    // The chat's notes keep its whole history: Alex's own transfer before it.
    expect(await log.getByRole('listitem').filter({ hasText: 'You transferred the chat to Blake.' }).textContent()).toContain('Permit 77-Q');

    // Ended from the End chat dialog: the wrap-up form takes the focus.
    await agent.getByRole('button', { name: 'End chat' }).click();
    await agent.getByRole('dialog').getByRole('button', { name: 'End chat' }).click();
    const wrapUp = agent.getByRole('region', { name: 'Wrap-up' });
    await wrapUp.waitFor();
    await expect.poll(focusedText).toBe('Wrap-up');
    expect(await agent.getByText('1 of 3 chats open').count()).toBe(1);
    expect(await agent.getByRole('button', { name: 'Close' }).count()).toBe(0);
    await expectNoAxeViolations(agent, 'console, wrap-up owed');

    await wrapUp.getByRole('button', { name: 'Save wrap-up' }).click();
    await wrapUp.getByRole('alert').filter({ hasText: 'Choose an outcome.' }).waitFor();
    await expectNoAxeViolations(agent, 'console, wrap-up without an outcome');
    await wrapUp.getByRole('radio', { name: 'Information given' }).check();
    await wrapUp.getByLabel('Wrap-up note (optional)').fill('Form sent by mail.');
    await wrapUp.getByRole('button', { name: 'Save wrap-up' }).click();
    await agent.getByText('You have no chats open. Accept one from the waiting chats.').waitFor();
    expect(await focusedText()).toBe('My chats');
    expect((await stored(marieId)).wrapUp).toMatchObject({ outcome: 'information_given', note: 'Form sent by mail.' });
    await marie.page.close();
  });

  it('says it all in French: a transfer to a queue, the citizen told in French, and a wrap-up', async () => {
    await agent.getByRole('button', { name: 'Français' }).click();
    await agent.getByRole('heading', { name: 'Mes clavardages' }).waitFor();
    const luc = await citizenStarts('/fr/', 'Luc');
    await agent.getByRole('button', { name: 'Accepter le clavardage de Luc' }).click();
    await agent.getByRole('heading', { name: 'Clavardage avec Luc' }).waitFor();
    const lucId = (await test.server.services.store.conversations.listActiveByAgent(alexId))[0]!.id;

    await agent.getByRole('button', { name: 'Transférer', exact: true }).click();
    const dialog = agent.getByRole('dialog', { name: 'Transférer le clavardage avec Luc' });
    await dialog.getByLabel('Agent', { exact: true }).waitFor();
    await dialog.getByRole('radio', { name: 'Une file' }).check();
    const queue = dialog.getByLabel('File', { exact: true });
    expect(await queue.locator('option').allTextContents()).toEqual(['Questions générales (français)', 'Permis (français)']);
    await expectNoAxeViolations(agent, 'console in French, transfer dialog');
    // Back to the permits team ("agents pick"): it waits there at the head until someone picks it.
    await queue.selectOption('permits-fr');
    await dialog.getByRole('button', { name: 'Transférer', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => agent.getByText('Le clavardage avec Luc a été transféré à la file Permis (français).').count()).toBe(1);
    await agent.getByRole('button', { name: 'Accepter le clavardage de Luc' }).waitFor();
    await expectNoAxeViolations(agent, 'console in French after a transfer');

    await luc.frame.getByText('Votre clavardage a été transféré à une autre équipe.', { exact: true }).waitFor();
    await expect.poll(() => luc.frame.getByRole('status', { name: 'Votre place dans la file' }).textContent()).toMatch(/^Votre clavardage a été transféré à une autre équipe\. Vous êtes le prochain/);
    await luc.frame.getByText('Vous êtes le prochain dans la file.', { exact: true }).waitFor();
    expect(await luc.frame.getByText(/connexion de l'agent/).count()).toBe(0);
    await expectNoAxeViolations(chatFrameOf(luc.page), 'chat frame in French, transferred to another team');

    // Picked again, the record of the transfer with it.
    await agent.getByRole('button', { name: 'Accepter le clavardage de Luc' }).click();
    await agent.getByRole('log', { name: 'Messages' }).getByText('Vous avez transféré le clavardage à la file Permis (français).').waitFor();
    expect((await stored(lucId)).transfers).toBe(1);

    await agent.getByRole('button', { name: 'Terminer le clavardage' }).click();
    await agent.getByRole('dialog').getByRole('button', { name: 'Terminer le clavardage' }).click();
    const wrapUp = agent.getByRole('region', { name: 'Bilan' });
    await wrapUp.waitFor();
    await expect.poll(focusedText).toBe('Bilan');
    await expectNoAxeViolations(agent, 'console in French, wrap-up owed');
    await wrapUp.getByRole('radio', { name: 'Réglé' }).check();
    await wrapUp.getByRole('button', { name: 'Enregistrer le bilan' }).click();
    await agent.getByText(/Vous n’avez aucun clavardage ouvert/).waitFor();
    expect((await stored(lucId)).wrapUp?.outcome).toBe('resolved');
    await expectNoAxeViolations(chatFrameOf(luc.page), 'chat frame in French, chat ended');
  });

  it('raised no script errors and no CSP violations in any page', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
