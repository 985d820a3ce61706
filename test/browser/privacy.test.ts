/**
 * Privacy in Chromium (issue #10): the site's collection notice before any data is entered and
 * again from the header during the chat (a dialog: focus inside, Escape closes it and only it, focus
 * back on its button); an identifier typed by the citizen shown removed, with a note saying what
 * and why, in English and in French; and the quick exit, from its button and from Escape pressed
 * twice, leaving for the site's neutral page with nothing of the chat left in the tab. axe-core
 * finds no violation in these states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { demoSite } from '../../server/services/seed.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { closeAllSockets, onlineAgent } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const EXIT = 'https://exit.example/weather';

describe.skipIf(!chromiumAvailable)('privacy in the widget, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    await test.server.services.store.sites.put({ ...demoSite([]), quickExit: { enabled: true, url: EXIT } });
    // Someone serving every queue, so that the start form offers a chat.
    await onlineAgent(test.url, test.server.services.auth);
    browser = await launchChromium();
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  /** A citizen's tab, the neutral page answered by the test (no network). */
  async function newCitizen(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route(`${EXIT}*`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Weather</title><h1>Weather</h1></html>' }));
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page };
  }

  const chatFrame = (page: Page, title = 'Chat with an agent'): FrameLocator => page.frameLocator(`iframe[title="${title}"]`);
  const frameDocument = (page: Page): Frame => page.frame({ url: /\/chat\/frame/ })!;
  const expectNoAxeViolations = async (target: Page | Frame, where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  async function startChat(page: Page, path = '/', launcher = /Chat with us/, topic = 'Permits and licences', start = 'Start chat', title?: string) {
    await page.goto(`${test.url}${path}`);
    await page.getByRole('button', { name: launcher }).click();
    const frame = chatFrame(page, title);
    await frame.getByRole('radio', { name: topic }).check();
    await frame.getByRole('button', { name: start }).click();
    return frame;
  }

  it('shows the collection notice before any data is entered, and again from the header during the chat', async () => {
    const { context, page } = await newCitizen();
    await page.goto(`${test.url}/`);
    await page.getByRole('button', { name: /Chat with us/ }).click();
    const frame = chatFrame(page);
    await frame.getByRole('heading', { name: 'Before you start' }).waitFor();
    for (const term of ['Legal authority', 'Purpose and use', 'Retention', 'Personal information bank', 'Questions about privacy']) {
      await frame.getByRole('term').filter({ hasText: term }).waitFor();
    }
    await frame.getByText(/section 12 of the Northvale Public Services Act/).waitFor();
    expect(await frame.getByRole('link', { name: 'Read the full privacy notice' }).getAttribute('href')).toBe('https://northvale.example/en/privacy');
    await expectNoAxeViolations(frameDocument(page), 'start form with the collection notice');

    await frame.getByRole('radio', { name: 'Permits and licences' }).check();
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await frame.getByLabel('Your message').waitFor();

    const opener = frame.getByRole('button', { name: 'Privacy notice' });
    await opener.click();
    const dialog = frame.getByRole('dialog', { name: 'Privacy notice' });
    await dialog.waitFor();
    await dialog.getByText(/two years after the chat ends/).waitFor();
    expect(await dialog.evaluate((element) => element.contains(element.ownerDocument.activeElement))).toBe(true);
    await expectNoAxeViolations(frameDocument(page), 'privacy notice dialog during a chat');
    // Escape closes the dialog, not the panel (and is not the first half of a quick exit).
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => opener.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await page.locator('[data-gov-chat] button.launcher').getAttribute('aria-expanded')).toBe('true');
    expect(page.url()).toBe(`${test.url}/`);
    await context.close();
  });

  it('shows a message with an identifier removed, and a note saying what and why, in English and in French', async () => {
    const { context, page } = await newCitizen();
    const frame = await startChat(page);
    await frame.getByLabel('Your message').fill('My SIN is 046 454 286, is my file ready?');
    await frame.getByLabel('Your message').press('Enter');
    const log = frame.getByRole('log', { name: 'Messages' });
    await log.getByText('My SIN is [removed: social insurance number], is my file ready?').waitFor();
    await log.getByText(/we removed the following from your message before anyone saw it: social insurance number\./).waitFor();
    expect(await log.getByText(/046 454 286/).count()).toBe(0);
    await expectNoAxeViolations(frameDocument(page), 'a message with an identifier removed');

    await frame.getByRole('button', { name: 'Français' }).click();
    // The frame keeps the title the page's language gave it.
    await frame.getByText("My SIN is [retiré : numéro d'assurance sociale], is my file ready?").waitFor();
    await frame.getByText(/nous avons retiré de votre message, avant que quiconque le voie : numéro d'assurance sociale\./).waitFor();
    await context.close();
  });

  it('leaves for the neutral page from the Quick exit button, with nothing of the chat left in the tab', async () => {
    const { context, page } = await newCitizen();
    const frame = await startChat(page);
    await frame.getByLabel('Your message').fill('Hello');
    await frame.getByLabel('Your message').press('Enter');
    await frame.getByRole('log', { name: 'Messages' }).getByText('Hello').waitFor();
    const conversationId = await page.evaluate(() => sessionStorage.getItem('gov-chat:token:demo')?.split('.')[0]);
    expect(conversationId).toBeTruthy();
    await expectNoAxeViolations(frameDocument(page), 'chat with the quick exit');

    await frame.getByRole('button', { name: 'Quick exit' }).click();
    await page.waitForURL(EXIT);
    await page.goto(`${test.url}/`);
    // The token is gone; the loader's state for this page is a fresh one (no chat under way, panel closed).
    expect(await page.evaluate(() => sessionStorage.getItem('gov-chat:token:demo'))).toBeNull();
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('gov-chat:demo') ?? '{}'))).not.toMatchObject({ active: true });
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('gov-chat:demo') ?? '{}'))).not.toMatchObject({ open: true });
    // The chat does not come back: the launcher is closed and a new panel shows the start form.
    expect(await page.getByRole('button', { name: /Chat with us/ }).getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('button', { name: /Chat with us/ }).click();
    await chatFrame(page).getByRole('button', { name: 'Start chat' }).waitFor();
    // The agent side learns the citizen left.
    await expect.poll(async () => (await test.server.services.store.conversations.get(conversationId!))?.status).toBe('closed');
    await context.close();
  });

  it('leaves for the neutral page when Escape is pressed twice, in French too', async () => {
    const { context, page } = await newCitizen();
    const frame = await startChat(page, '/fr/', /Clavarder avec nous/, 'Permis et licences', 'Commencer le clavardage', 'Clavarder avec un agent');
    await frame.getByRole('button', { name: 'Sortie rapide' }).waitFor();
    await frame.getByLabel('Votre message').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(EXIT);
    await page.goto(`${test.url}/fr/`);
    expect(await page.evaluate(() => sessionStorage.getItem('gov-chat:token:demo'))).toBeNull();
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('gov-chat:demo') ?? '{}'))).not.toMatchObject({ active: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
