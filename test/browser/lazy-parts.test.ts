/**
 * The parts of the chat app loaded on demand (widget/app/components/Lazy.tsx, catalogue.ts), in
 * Chromium: each page's first download leaves them out, they are fetched ahead so that they show
 * without waiting, and a part whose chunk cannot be loaded says so and loads on "Try again" once
 * the network is back; the language switch waits for the other language's strings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { closeAllSockets, onlineAgent } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('parts of the chat loaded on demand, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    test = await startTestServer();
    // Someone serving every queue, so that the start form offers a chat.
    await onlineAgent(test.url, test.server.services.auth);
    browser = await launchChromium();
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  async function citizen(): Promise<{ page: Page; requested: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    return { page, requested };
  }

  it('fetches the privacy dialog and the other language ahead, so both show at once', async () => {
    const { page, requested } = await citizen();
    await page.goto(`${test.url}/`);
    await page.getByRole('button', { name: /Chat with us/ }).click();
    const frame = page.frameLocator('iframe[title="Chat with an agent"]');
    await frame.getByRole('button', { name: 'Start chat' }).waitFor();
    // Fetched once the form is up and the frame idle, without the citizen asking.
    await expect.poll(() => requested.some((path) => /PrivacyDialog-.*\.js$/.test(path)), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => requested.some((path) => /chat-fr-.*\.js$/.test(path)), { timeout: 15_000 }).toBe(true);
    await frame.getByRole('button', { name: 'Privacy notice' }).click();
    await frame.getByRole('dialog', { name: 'Privacy notice' }).waitFor();
    await frame.getByRole('button', { name: 'Close' }).click();
    await frame.getByRole('button', { name: 'Français' }).click();
    await frame.getByRole('button', { name: 'Commencer le clavardage' }).waitFor();
    await page.context().close();
  });

  it('says when a part cannot be loaded, and loads it on "Try again" once the network is back', async () => {
    const { page } = await citizen();
    let blocked = true;
    await page.route(/PrivacyDialog-.*\.js$/, (route) => (blocked ? route.abort() : route.continue()));
    await page.goto(`${test.url}/`);
    await page.getByRole('button', { name: /Chat with us/ }).click();
    const frame = page.frameLocator('iframe[title="Chat with an agent"]');
    await frame.getByRole('button', { name: 'Privacy notice' }).click();
    // Three tries (1 s and 2 s apart), then the citizen is told, with a way to try again.
    const alert = frame.getByRole('alert').filter({ hasText: 'This part of the chat could not be loaded' });
    await alert.waitFor({ timeout: 20_000 });
    const frameDocument = page.frame({ url: /\/chat\/frame/ })!;
    expect(await axeViolations(frameDocument)).toEqual([]);
    blocked = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await frame.getByRole('dialog', { name: 'Privacy notice' }).waitFor({ timeout: 20_000 });
    await page.context().close();
  });
});
