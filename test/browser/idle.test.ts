/**
 * Idle chats and citizens who leave, in Chromium, in English and in French: the warning before an
 * inactivity close is an alert dialog with focus on "Stay in the chat", so one key (Enter, or
 * Space) keeps the chat open (WCAG 2.2.1); the agent's "are you still there?" reaches the citizen
 * as a message from the service; the console shows the citizen's window closed and open again, the
 * warning, and the chat closed for inactivity; the citizen sees why it closed. axe-core finds
 * nothing on any of these states. The server runs on a clock the test moves and the test sweeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { ManualClock } from '../support/manual-clock.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

const SECOND = 1000;
const IDLE = 600 * SECOND;
const WARNING = 120 * SECOND;

/** What each side reads, per language. */
const WORDS = {
  en: {
    path: '/',
    launcher: /Chat with us/,
    frameTitle: 'Chat with an agent',
    firstName: 'First name (optional)',
    topic: 'Permits and licences',
    start: 'Start chat',
    next: 'You are next in line',
    message: 'Your message',
    service: 'Chat service',
    askedText: /Are you still there\? Please reply/,
    idleTitle: 'Are you still there?',
    stay: 'Stay in the chat',
    ended: 'This chat has ended.',
    endedInactive: 'There was no activity for a while.',
    locale: 'en-CA',
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    available: 'Available',
    waiting: 'Waiting chats',
    accept: /^Accept/,
    chatWith: 'Chat with Marie',
    ask: 'Ask if still there',
    windowOpen: 'Open',
    windowClosed: /^Closed since/,
    warned: /Visitor warned; the chat closes at/,
    consoleEnded: /The chat service ended the chat\. Reason: No activity from the visitor\./,
  },
  fr: {
    path: '/fr/',
    launcher: /Clavarder avec nous/,
    frameTitle: 'Clavarder avec un agent',
    firstName: 'Prénom (facultatif)',
    topic: 'Permis et licences',
    start: 'Commencer le clavardage',
    next: 'Vous êtes le prochain',
    message: 'Votre message',
    service: 'Service de clavardage',
    askedText: /Êtes-vous toujours là\? Veuillez répondre/,
    idleTitle: 'Êtes-vous toujours là?',
    stay: 'Rester dans le clavardage',
    ended: 'Ce clavardage est terminé.',
    endedInactive: "Il n'y a eu aucune activité pendant un moment.",
    locale: 'fr-CA',
    email: 'Courriel',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    available: 'Disponible',
    waiting: 'Clavardages en attente',
    accept: /^Accepter/,
    chatWith: 'Clavardage avec Marie',
    ask: 'Demander si la personne est toujours là',
    windowOpen: 'Ouverte',
    windowClosed: /^Fermée depuis/,
    warned: /Visiteur averti; le clavardage se ferme à/,
    consoleEnded: /Le service de clavardage a mis fin au clavardage\. Raison\u00a0: Aucune activité du visiteur\./,
  },
} as const;

describe.skipIf(!chromiumAvailable)('idle chats and citizens who leave, in Chromium', () => {
  let test: TestServer;
  let clock: ManualClock;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    clock = new ManualClock();
    test = await startTestServer({}, { clock });
    test.server.services.visitorPresence.stop(); // the test sweeps, at the times it chooses
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  const sweep = () => test.server.services.visitorPresence.sweep();
  const expectNoAxeViolations = async (target: Page | Frame, where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  const watch = (page: Page) => {
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  };

  for (const language of ['en', 'fr'] as const) {
    it(`warns before an inactivity close and keeps the chat open with one key, in ${language === 'en' ? 'English' : 'French'}`, async () => {
      const words = WORDS[language];
      const contexts: BrowserContext[] = [];
      try {
        const agentContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: words.locale });
        const citizenContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: words.locale });
        contexts.push(agentContext, citizenContext);
        const agent = await agentContext.newPage();
        const citizen = await citizenContext.newPage();
        watch(agent);
        watch(citizen);

        // The agent signs in and is available.
        await agent.goto(`${test.url}/console`);
        await agent.getByLabel(words.email).fill(MANAGER.email);
        await agent.getByLabel(words.password).fill(MANAGER.password);
        await agent.getByRole('button', { name: words.signIn }).click();
        await agent.getByRole('radio', { name: words.available }).check();

        // The citizen starts a chat; the agent accepts it.
        await citizen.goto(`${test.url}${words.path}`);
        await citizen.getByRole('button', { name: words.launcher }).click();
        const frame = citizen.frameLocator(`iframe[title="${words.frameTitle}"]`);
        await frame.getByLabel(words.firstName).fill('Marie');
        await frame.getByRole('radio', { name: words.topic }).check();
        await frame.getByRole('button', { name: words.start }).click();
        await frame.getByRole('status').filter({ hasText: words.next }).waitFor();
        await agent.getByRole('region', { name: words.waiting }).getByRole('button', { name: words.accept }).first().click();
        await agent.getByRole('heading', { name: words.chatWith }).waitFor();
        const chatWindow = agent.getByRole('status').filter({ hasText: new RegExp(`^${words.windowOpen}$`) });
        await chatWindow.waitFor();
        const frameDocument = () => citizen.frame({ url: /\/chat\/frame/ })!;
        // The chat in progress (the one closed in English still owes its wrap-up: the clock stands still).
        const held = await test.server.services.conversations.activeOf((await test.server.services.store.agents.findByEmail(MANAGER.email))!.id);
        const conversation = held.find((candidate) => candidate.status === 'active');
        const conversationId = conversation!.id;

        // "Are you still there?" from the console reaches the citizen as a message from the service.
        await agent.getByRole('button', { name: words.ask }).click();
        const citizenLog = frame.getByRole('log');
        await citizenLog.getByRole('listitem').filter({ hasText: words.service }).filter({ hasText: words.askedText }).waitFor();

        // Silent long enough: warned, with focus on the one action; the console shows it too.
        clock.advance(IDLE - WARNING);
        await sweep();
        const dialog = frame.getByRole('alertdialog', { name: words.idleTitle });
        await dialog.waitFor();
        await expect.poll(() => frameDocument().evaluate(() => document.activeElement?.textContent)).toBe(words.stay);
        await agent.getByRole('status').filter({ hasText: words.warned }).waitFor();
        await expectNoAxeViolations(frameDocument(), `chat frame, inactivity warning (${language})`);
        await expectNoAxeViolations(agent, `console, visitor warned (${language})`);

        // Enter keeps the chat open; focus goes back to where the citizen was.
        await citizen.keyboard.press('Enter');
        await dialog.waitFor({ state: 'detached' });
        await expect.poll(async () => (await test.server.services.store.conversations.get(conversationId))?.idleWarnedAt).toBeNull();
        await expect.poll(() => frameDocument().evaluate(() => document.activeElement?.id)).toBe('message-text');

        // Warned again: Space does it too.
        clock.advance(IDLE - WARNING);
        await sweep();
        await dialog.waitFor();
        await expect.poll(() => frameDocument().evaluate(() => document.activeElement?.textContent)).toBe(words.stay);
        await citizen.keyboard.press('Space');
        await dialog.waitFor({ state: 'detached' });

        // The citizen's window closes (another page), then opens again: the console shows both.
        await citizen.goto('about:blank');
        await agent.getByRole('status').filter({ hasText: words.windowClosed }).waitFor();
        await expectNoAxeViolations(agent, `console, visitor's window closed (${language})`);
        await citizen.goto(`${test.url}${words.path}`);
        await frame.getByLabel(words.message).waitFor();
        await chatWindow.waitFor();

        // Silent to the end: warned, then closed; both sides say why.
        clock.advance(IDLE - WARNING);
        await sweep();
        await dialog.waitFor();
        clock.advance(WARNING);
        await sweep();
        await frame.getByRole('heading', { name: words.ended }).waitFor();
        await frame.getByText(words.endedInactive, { exact: true }).waitFor();
        await agent.getByText(words.consoleEnded).waitFor();
        await expectNoAxeViolations(frameDocument(), `chat frame, closed for inactivity (${language})`);
        await expectNoAxeViolations(agent, `console, closed for inactivity (${language})`);
      } finally {
        for (const context of contexts) await context.close();
      }
    });
  }

  it('raised no script errors and no CSP violations', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
