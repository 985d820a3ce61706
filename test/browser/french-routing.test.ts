/**
 * Routing in a real browser (Debian's Chromium; issue #7, point 2): a French citizen's chat waits
 * for a French-speaking agent, even while an English-only agent who serves the French queue is
 * free (no silent fallback), is told so in French, and is routed to the French-speaking agent as
 * soon as she is available, with nobody clicking "Accept" (the general queues are automatic). Two
 * agents in two consoles, one of them in French; axe-core on every page and state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PASSWORD = 'a-long-enough-password';
const ALEX = { email: 'alex@example.test', displayName: 'Alex' };
const CAMILLE = { email: 'camille@example.test', displayName: 'Camille', publicName: 'Camille' };

describe.skipIf(!chromiumAvailable)('a French citizen routed to the French-speaking agent, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let alex: Page;
  let camille: Page;
  let citizen: Page;
  let frame: FrameLocator;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    const auth = test.server.services.auth;
    // Alex serves the French queue too but speaks only English: routing must not give him French chats.
    await auth.createAccount({ ...ALEX, password: PASSWORD, role: 'agent', languages: ['en'], queueIds: ['general-en', 'general-fr'] });
    await auth.createAccount({ ...CAMILLE, password: PASSWORD, role: 'agent', languages: ['fr'], queueIds: ['general-fr'] });
    browser = await launchChromium();
    const page = async (): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const opened = await context.newPage();
      opened.on('pageerror', (error) => pageErrors.push(error.message));
      opened.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      return opened;
    };
    [alex, camille, citizen] = [await page(), await page(), await page()];
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  const expectNoAxeViolations = async (target: Parameters<typeof axeViolations>[0], where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  /** Signs in through the console's form, in English, and sets the agent's status. */
  const signIn = async (page: Page, email: string, status: 'Available' | 'Away') => {
    await page.goto(`${test.url}/console`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('radio', { name: status }).check();
    await expect.poll(() => page.getByRole('radio', { name: status }).isChecked()).toBe(true);
  };

  it('keeps a French chat waiting, told in French, while only an English-speaking agent is free', async () => {
    await signIn(alex, ALEX.email, 'Available');
    // Camille is signed in but on a break: a chat can start, nobody French-speaking can take it yet.
    await signIn(camille, CAMILLE.email, 'Away');
    await camille.getByRole('button', { name: 'Français' }).click();
    await camille.getByRole('heading', { name: 'Mes clavardages' }).waitFor();

    await citizen.goto(`${test.url}/fr/`);
    await citizen.getByRole('button', { name: /Clavarder avec nous/ }).click();
    frame = citizen.frameLocator('iframe[title="Clavarder avec un agent"]');
    await frame.getByRole('radio', { name: 'Prestations et paiements' }).check();
    await frame.getByRole('button', { name: 'Commencer le clavardage' }).click();
    await frame.getByText('Vous êtes le prochain dans la file.', { exact: true }).waitFor();
    await frame.getByText("Aucun agent parlant français n'est disponible pour le moment.", { exact: true }).waitFor();

    // A few routing rounds later, still nobody: Alex is free, serves the queue, and gets nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const alexChats = alex.getByRole('region', { name: 'My chats' });
    expect(await alexChats.getByText('You have no chats open', { exact: false }).count()).toBe(1);
    expect(await frame.getByText(/Vous clavardez avec/).count()).toBe(0);
    await expectNoAxeViolations(citizen.frame({ url: /\/chat\/frame/ })!, 'chat frame in French, waiting for a French-speaking agent');
    await expectNoAxeViolations(alex, 'console of the English-speaking agent');
    await expectNoAxeViolations(camille, 'console in French, away');
  });

  it('routes the chat to the French-speaking agent as soon as she is available, without anyone accepting it', async () => {
    await camille.getByRole('radio', { name: 'Disponible' }).check();
    // Routed to her, not offered: the chat is in her chats, and the citizen is told who answers.
    const myChats = camille.getByRole('region', { name: 'Mes clavardages' });
    await myChats.getByText('1 clavardage ouvert sur 3').waitFor();
    await myChats.getByRole('button', { name: /Visiteur/ }).click();
    await camille.getByRole('heading', { name: 'Clavardage avec Visiteur' }).waitFor();
    await frame.getByText(/Vous clavardez avec Camille/).waitFor();
    expect(await alex.getByRole('region', { name: 'My chats' }).getByText('You have no chats open', { exact: false }).count()).toBe(1);

    await frame.getByLabel('Votre message').fill('Bonjour, où en est ma demande?');
    await frame.getByLabel('Votre message').press('Enter');
    await camille.getByRole('log').getByText('Bonjour, où en est ma demande?').waitFor();
    await expectNoAxeViolations(camille, 'console in French, with the routed chat open');
    await expectNoAxeViolations(citizen.frame({ url: /\/chat\/frame/ })!, 'chat frame in French, answered');
  });

  it('raised no script errors and no CSP violations', () => {
    // The console asks who is signed in before anyone is: that 401 is the expected answer.
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
