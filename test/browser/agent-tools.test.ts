/**
 * The agent's tools in a real browser (Debian's Chromium), a citizen and an agent side by side
 * (issue #7, point 6): the new-chat alert (the tone and the tab title until the agent looks, the
 * tone turned off and remembered), typing shown on both sides, a canned answer inserted from the
 * keyboard in the chat's language, a note the agent sees and the citizen never does, away with a
 * reason, and axe-core with no violation on the console in each of these states, in English and
 * in French. Controls are found by role and accessible name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { DEMO_CANNED_ANSWERS } from '../../server/services/seed.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { closeAllSockets, startChat } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

const FILE_NUMBER = DEMO_CANNED_ANSWERS.find((answer) => answer.id === 'reference-number')!;

/**
 * In the console's page, before its own scripts: counts the tones played (each is two notes), and
 * lets the test say the agent is looking elsewhere (another window has the focus).
 */
function instrumentConsole(): void {
  const page = window as unknown as { oscillators: number; lookingElsewhere: boolean };
  page.oscillators = 0;
  page.lookingElsewhere = false;
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    page.oscillators++;
    return createOscillator.call(this);
  };
  const hasFocus = Document.prototype.hasFocus;
  Document.prototype.hasFocus = function (this: Document) {
    return page.lookingElsewhere ? false : hasFocus.call(this);
  };
}

describe.skipIf(!chromiumAvailable)('the agent’s tools, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let citizenContext: BrowserContext;
  let agentContext: BrowserContext;
  let citizen: Page;
  let agent: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    citizenContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    agentContext = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await agentContext.addInitScript(instrumentConsole);
    citizen = await citizenContext.newPage();
    agent = await agentContext.newPage();
    for (const page of [citizen, agent]) {
      page.on('pageerror', (error) => pageErrors.push(`${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
    }
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  const chatFrame = (): FrameLocator => citizen.frameLocator('iframe[title="Chat with an agent"]');
  const citizenLog = () => chatFrame().getByRole('log', { name: 'Messages' });
  const agentLog = () => agent.getByRole('log', { name: 'Messages' });
  const composer = () => agent.getByLabel('Message', { exact: true });
  const oscillators = () => agent.evaluate(() => (window as unknown as { oscillators: number }).oscillators);
  const lookElsewhere = (elsewhere: boolean) =>
    agent.evaluate((away) => {
      (window as unknown as { lookingElsewhere: boolean }).lookingElsewhere = away;
      window.dispatchEvent(new Event(away ? 'blur' : 'focus'));
    }, elsewhere);

  const expectNoAxeViolations = async (target: Parameters<typeof axeViolations>[0], where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  it('alerts the agent of a new chat with a tone, and counts it in the tab title until they look', async () => {
    await agent.goto(`${test.url}/console`);
    await agent.getByLabel('Email').fill(MANAGER.email);
    await agent.getByLabel('Password').fill(MANAGER.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('radio', { name: 'Available' }).check();
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);
    expect(await agent.title()).toBe('Chats – Chat console');
    // Permission for desktop notifications is asked only from the button, never on load.
    await agent.getByRole('button', { name: 'Allow desktop notifications' }).waitFor();
    expect(await agent.evaluate(() => Notification.permission)).toBe('default');

    await lookElsewhere(true);
    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: /Chat with us/ }).click();
    const frame = chatFrame();
    await frame.getByLabel('First name (optional)').fill('Marie');
    await frame.getByRole('radio', { name: 'Permits and licences' }).check();
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await agent.getByRole('region', { name: 'Waiting chats' }).getByText('Marie').waitFor();

    await expect.poll(() => agent.title()).toBe('(1) Chats – Chat console');
    await expect.poll(oscillators).toBe(2);
    await lookElsewhere(false);
    await expect.poll(() => agent.title()).toBe('Chats – Chat console');
    await expectNoAxeViolations(agent, 'console with a new waiting chat');
  });

  it('turns the tone off from the keyboard and remembers it after a reload; the title still counts', async () => {
    const sound = agent.getByRole('checkbox', { name: 'Play a sound' });
    expect(await sound.isChecked()).toBe(true);
    await sound.focus();
    await agent.keyboard.press('Space');
    await expect.poll(() => sound.isChecked()).toBe(false);
    await agent.reload();
    await agent.getByRole('region', { name: 'Waiting chats' }).getByText('Marie').waitFor();
    expect(await agent.getByRole('checkbox', { name: 'Play a sound' }).isChecked()).toBe(false);

    await lookElsewhere(true);
    await startChat(test.url, { visitorName: 'Jon', topicId: 'permits', language: 'en' });
    await agent.getByRole('region', { name: 'Waiting chats' }).getByText('Jon').waitFor();
    await expect.poll(() => agent.title()).toBe('(1) Chats – Chat console');
    expect(await oscillators()).toBe(0);
    await lookElsewhere(false);
    await expect.poll(() => agent.title()).toBe('Chats – Chat console');
  });

  it('shows the citizen when the agent is typing, and the agent when the citizen is', async () => {
    await agent.getByRole('button', { name: 'Accept chat from Marie' }).click();
    await agent.getByRole('heading', { name: 'Chat with Marie' }).waitFor();
    const frame = chatFrame();
    await frame.getByRole('status').filter({ hasText: 'You are chatting with' }).waitFor();

    await frame.getByLabel('Your message').pressSequentially('I need a permit', { delay: 20 });
    const citizenTyping = agent.getByRole('status').filter({ hasText: 'Marie is typing…' });
    await citizenTyping.waitFor();
    await expectNoAxeViolations(agent, 'console, the visitor typing');

    await composer().pressSequentially('Let me check', { delay: 20 });
    // The bootstrap manager has no public name: the citizen reads "An agent", not their account's name.
    await frame.getByRole('status').filter({ hasText: 'An agent is typing…' }).waitFor();
    await expectNoAxeViolations(citizen.frame({ url: /\/chat\/frame/ })!, 'chat frame, the agent typing');

    // A message sent ends its writer's "typing" on the other side at once.
    await frame.getByLabel('Your message').press('Enter');
    await agentLog().getByText('I need a permit').waitFor();
    await citizenTyping.waitFor({ state: 'detached' });
    await composer().fill('');
    await frame.getByRole('status').filter({ hasText: 'An agent is typing…' }).waitFor({ state: 'detached' });
  });

  it('inserts a canned answer from the keyboard, in the chat’s language, without sending it', async () => {
    await composer().focus();
    await agent.keyboard.press('/');
    const search = agent.getByRole('combobox', { name: 'Search canned answers' });
    await expect.poll(() => search.evaluate((field) => field === document.activeElement)).toBe(true);
    await agent.keyboard.type('file');
    await agent.getByRole('option', { name: new RegExp(FILE_NUMBER.title.en) }).waitFor();
    await expectNoAxeViolations(agent, 'console, canned answers open');
    await agent.keyboard.press('Enter');
    await expect.poll(() => composer().inputValue()).toBe(FILE_NUMBER.text.en);
    expect(await composer().evaluate((field) => field === document.activeElement)).toBe(true);

    // From the button: opened with Enter, closed with Escape, focus back in the message.
    await composer().fill('');
    await agent.getByRole('button', { name: 'Canned answers' }).focus();
    await agent.keyboard.press('Enter');
    await expect.poll(() => search.evaluate((field) => field === document.activeElement)).toBe(true);
    await agent.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
    expect(await composer().evaluate((field) => field === document.activeElement)).toBe(true);
    // "/" then Escape types the "/" itself: a message may start with one.
    await agent.keyboard.press('/');
    await search.waitFor();
    await agent.keyboard.press('Escape');
    await expect.poll(() => composer().inputValue()).toBe('/');
    await composer().fill('');

    // The citizen switches to French: the agent is told at once, and answers now go in in French.
    await chatFrame().getByRole('button', { name: 'Français' }).click();
    await agentLog().getByText('The visitor switched the chat to French.').waitFor();
    await agent.locator('.visitor-details').getByText('French', { exact: true }).waitFor();
    await composer().focus();
    await agent.keyboard.press('/');
    await agent.keyboard.type('file');
    await agent.keyboard.press('Enter');
    await expect.poll(() => composer().inputValue()).toBe(FILE_NUMBER.text.fr);
    // Inserted, not sent: nothing new reached the citizen.
    expect(await citizenLog().getByText(FILE_NUMBER.text.fr).count()).toBe(0);
    await composer().fill('');
  });

  it('shows a note to the agent, marked as not sent, and never to the citizen', async () => {
    const note = 'Caller asked about permit 77-Q; follow up Monday';
    await agent.getByLabel('Internal note').fill(note);
    await agent.getByLabel('Internal note').press('Enter');
    const noted = agentLog().getByRole('listitem').filter({ hasText: note });
    await noted.waitFor();
    expect(await noted.textContent()).toContain('Note (not sent to the citizen)');
    await expectNoAxeViolations(agent, 'console with a note');

    // A message after the note reaches the citizen: the note would have arrived before it.
    await composer().fill('Merci, je vérifie votre permis.');
    await composer().press('Enter');
    await citizenLog().getByText('Merci, je vérifie votre permis.').waitFor();
    expect(await citizenLog().textContent()).not.toContain('77-Q');
    await citizen.reload();
    await chatFrame().getByRole('log', { name: 'Messages' }).getByText('Merci, je vérifie votre permis.').waitFor();
    expect(await chatFrame().locator('body').textContent()).not.toContain('77-Q');
  });

  it('sets the agent away with a reason, kept after a reload', async () => {
    await agent.getByRole('radio', { name: 'Away' }).check();
    const reason = agent.getByLabel('Reason for being away');
    await reason.selectOption('meal');
    await expect.poll(() => reason.inputValue()).toBe('meal');
    await agent.reload();
    await expect.poll(() => agent.getByLabel('Reason for being away').inputValue()).toBe('meal');
    expect(await agent.getByRole('radio', { name: 'Away' }).isChecked()).toBe(true);
    await expectNoAxeViolations(agent, 'console, away with a reason');
  });

  it('says all of it in French, with no axe violation', async () => {
    await agent.getByRole('button', { name: 'Français' }).click();
    await agent.getByRole('checkbox', { name: 'Jouer un son' }).waitFor();
    expect(await agent.getByLabel('Raison de l’absence').inputValue()).toBe('meal');
    expect(await agent.getByLabel('Raison de l’absence').locator('option:checked').textContent()).toBe('Repas');
    await agent.getByRole('radio', { name: 'Disponible' }).check();
    await agent.getByRole('button', { name: /Marie/ }).first().click();
    const log = agentLog();
    await log.getByText('Le visiteur a fait passer le clavardage au français.').waitFor();
    expect(await log.getByRole('listitem').filter({ hasText: '77-Q' }).textContent()).toContain('Note (non transmise au citoyen)');

    await chatFrame().getByLabel('Votre message').pressSequentially('Encore une question', { delay: 20 });
    await agent.getByRole('status').filter({ hasText: 'Marie écrit…' }).waitFor();
    await expectNoAxeViolations(agent, 'console in French, the visitor typing');

    const composerFr = agent.getByLabel('Message', { exact: true });
    await composerFr.focus();
    await agent.keyboard.press('/');
    await agent.getByRole('combobox', { name: 'Chercher une réponse préparée' }).waitFor();
    await agent.keyboard.type('numero');
    await agent.getByRole('option', { name: new RegExp(FILE_NUMBER.title.fr) }).waitFor();
    await expectNoAxeViolations(agent, 'console in French, canned answers open');
    await agent.keyboard.press('Enter');
    await expect.poll(() => composerFr.inputValue()).toBe(FILE_NUMBER.text.fr);
  });

  it('raised no script errors and no CSP violations in either page', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
