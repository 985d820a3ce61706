/**
 * The active offer in Chromium (issue #10, official languages): a host page that names no
 * language, or one that is neither English nor French (lang="de"), shows the launcher in both
 * languages, English first, each part marked with its language, and the chat opens with a greeting
 * in both and a choice of language before the pre-chat form; the chosen language then applies (and
 * is kept for the next such page). A French page is unchanged: a French launcher and the French form
 * at once. axe-core finds no violation on the host page or in the chat.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { demoSite } from '../../server/services/seed.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { closeAllSockets, onlineAgent } from '../support/clients.js';
import { freePort } from '../support/free-port.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** A department's page on its own origin, carrying the embed snippet; `lang` null: no lang attribute. */
const hostPage = (chatUrl: string, lang: string | null) => `<!doctype html>
<html${lang === null ? '' : ` lang="${lang}"`}>
<head><meta charset="utf-8"><title>Northvale</title></head>
<body><main><h1>Northvale</h1><p>Services.</p></main>
<script src="${chatUrl}/widget.js" data-site="demo" async></script></body></html>`;

describe.skipIf(!chromiumAvailable)('the active offer on a page in neither official language, in Chromium', { timeout: 150_000 }, () => {
  let test: TestServer;
  let browser: Browser;
  let pageServer: Server;
  let pageOrigin: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    const port = await freePort();
    pageOrigin = `http://127.0.0.1:${port}`;
    await test.server.services.store.sites.put(demoSite([pageOrigin]));
    // Someone serving every queue, so that the start form offers a chat.
    await onlineAgent(test.url, test.server.services.auth);
    const pages: Record<string, string | null> = { '/none': null, '/de': 'de', '/fr': 'fr-CA' };
    pageServer = createServer((request, response) => {
      const path = request.url ?? '';
      if (!(path in pages)) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(test.url, pages[path]!));
    });
    await new Promise<void>((resolve) => pageServer.listen(port, '127.0.0.1', resolve));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    closeAllSockets();
    for (const context of contexts) await context.close();
    await browser?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
    await test?.close();
  });

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };
  const frameDocument = (page: Page): Frame => page.frame({ url: /\/chat\/frame/ })!;
  /** `hostsOwn`: a rule the host page itself breaks by design of the test (no lang), not the widget. */
  const expectNoAxeViolations = async (target: Page | Frame, where: string, hostsOwn?: string) => {
    const violations = (await axeViolations(target)).filter((violation) => violation.id !== hostsOwn);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  const launcherParts = (page: Page) =>
    page.locator('[data-gov-chat] button.launcher > span').evaluateAll((spans) => spans.map((span) => [span.getAttribute('lang'), span.textContent]));

  for (const [path, choice] of [
    ['/none', 'fr'],
    ['/de', 'en'],
  ] as const) {
    it(`on ${path === '/none' ? 'a page with no lang' : 'a page in German'}: a launcher in both languages, a greeting in both and a choice, then the chosen language`, async () => {
      const page = await newPage();
      await page.goto(`${pageOrigin}${path}`);
      const launcher = page.getByRole('button', { name: 'Chat with us | Clavarder avec nous', exact: true });
      await launcher.waitFor();
      expect(await launcherParts(page)).toEqual([
        ['en', 'Chat with us'],
        ['fr', 'Clavarder avec nous'],
      ]);
      expect(await page.getByRole('complementary', { name: 'Chat with us | Clavarder avec nous' }).count()).toBe(1);
      await expectNoAxeViolations(page, `host page ${path}`, path === '/none' ? 'html-has-lang' : undefined);

      await launcher.click();
      const frame = page.frameLocator('iframe[title="Chat with an agent | Clavarder avec un agent"]');
      const choices = frame.getByRole('group', { name: 'Hello! Bonjour!' });
      await choices.waitFor();
      await frame.getByRole('heading', { level: 1, name: 'Chat with an agent Clavarder avec un agent' }).waitFor();
      const english = choices.getByRole('button', { name: 'Continue in English' });
      const french = choices.getByRole('button', { name: 'Continuer en français' });
      expect(await english.getAttribute('lang')).toBe('en');
      expect(await french.getAttribute('lang')).toBe('fr');
      expect(await choices.locator('[lang="fr"]').filter({ hasText: 'Bonjour!' }).count()).toBe(1);
      // Opening the panel put focus on the first choice; no pre-chat form yet.
      await expect.poll(() => english.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
      expect(await frame.getByRole('button', { name: /^(Start chat|Commencer le clavardage)$/ }).count()).toBe(0);
      // While choosing, the panel's header has no one-language switch of its own.
      expect(await frame.getByRole('button', { name: /^(Français|English)$/ }).count()).toBe(0);
      await expectNoAxeViolations(frameDocument(page), `language choice on ${path}`);
      // The launcher, now a way to hide the panel, still speaks both.
      expect(await launcherParts(page)).toEqual([
        ['en', 'Hide chat'],
        ['fr', 'Masquer le clavardage'],
      ]);

      await (choice === 'fr' ? french : english).click();
      const start = frame.getByRole('button', { name: choice === 'fr' ? 'Commencer le clavardage' : 'Start chat' });
      await start.waitFor();
      await frame.getByRole('heading', { level: 1, name: choice === 'fr' ? 'Clavarder avec un agent' : 'Chat with an agent', exact: true }).waitFor();
      expect(await frameDocument(page).evaluate(() => document.documentElement.lang)).toBe(choice);
      expect(await frame.getByRole('group', { name: 'Hello! Bonjour!' }).count()).toBe(0);
      // Focus moved into the form in the chosen language.
      await expect.poll(() => frameDocument(page).evaluate(() => document.activeElement?.tagName ?? '')).not.toBe('BODY');
      await expectNoAxeViolations(frameDocument(page), `start form after choosing ${choice}`);

      // The next page in neither language opens in the language chosen, without asking again.
      await page.goto(`${pageOrigin}${path === '/none' ? '/de' : '/none'}`);
      await page.getByRole('button', { name: 'Chat with us | Clavarder avec nous', exact: true }).click();
      await frame.getByRole('button', { name: choice === 'fr' ? 'Commencer le clavardage' : 'Start chat' }).waitFor();
      expect(await frame.getByRole('group', { name: 'Hello! Bonjour!' }).count()).toBe(0);
    });
  }

  it('on a French page: unchanged, a French launcher and the French form at once', async () => {
    const page = await newPage();
    await page.goto(`${pageOrigin}/fr`);
    const launcher = page.getByRole('button', { name: 'Clavarder avec nous', exact: true });
    await launcher.waitFor();
    expect(await launcherParts(page)).toEqual([['fr', 'Clavarder avec nous']]);
    await launcher.click();
    const frame = page.frameLocator('iframe[title="Clavarder avec un agent"]');
    await frame.getByRole('button', { name: 'Commencer le clavardage' }).waitFor();
    expect(await frame.getByRole('button', { name: /Continue in English|Continuer en français/ }).count()).toBe(0);
    expect(await frame.getByRole('button', { name: 'English' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'French host page');
    await expectNoAxeViolations(frameDocument(page), 'French start form');
  });

  it('threw no error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
