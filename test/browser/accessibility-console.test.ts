/**
 * WCAG 2.2 AA on every console page (issue #10), in English and in French, in Chromium: axe-core
 * (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa and best practices) finds nothing; the page does not
 * scroll sideways at 1280 CSS px nor at 320 CSS px (1.4.10 Reflow: 400 % zoom of a 1280×1024
 * screen; a data table may scroll inside its own labelled, focusable region); every interactive
 * element is at least 24×24 CSS px (2.5.8; links inline in a sentence exempt). Each page prints
 * one line, `axe console <page> <lang>: N violations, overflow 1280/320: A/B px, small targets: C`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { catalogues } from '../../agent-console/src/i18n.js';
import { PAGES, pathOf, type PageId } from '../../agent-console/src/router.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { horizontalOverflow, smallTargets } from '../support/layout-checks.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const WIDE = { width: 1280, height: 1024 };
/** 400 % zoom of a 1280×1024 screen, in CSS px. */
const ZOOMED = { width: 320, height: 256 };

describe.skipIf(!chromiumAvailable)('every console page, axe clean, reflowing at 320 px, with 24 px targets', { timeout: 240_000 }, () => {
  let test: TestServer;
  let browser: Browser;
  const pageErrors: string[] = [];
  const checked: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  const demoPassword = (email: string) => test.server.seeded.demoAccounts.find((account) => account.email === email)!.password;

  /** axe at 1280 px, then the overflow and the targets at 1280 and at 320 px; soft, so every page reports. */
  async function check(page: Page, name: string, language: 'en' | 'fr'): Promise<void> {
    await page.setViewportSize(WIDE);
    const violations = await axeViolations(page);
    const wideOverflow = await horizontalOverflow(page);
    const wideSmall = await smallTargets(page);
    await page.setViewportSize(ZOOMED);
    // Let layout and any resize observers settle.
    await page.waitForTimeout(200);
    const zoomedOverflow = await horizontalOverflow(page);
    const zoomedSmall = await smallTargets(page);
    await page.setViewportSize(WIDE);
    checked.push(`${name} ${language}`);
    console.log(
      `axe console ${name} ${language}: ${violations.length} violations, overflow 1280/320: ${wideOverflow}/${zoomedOverflow} px, small targets: ${wideSmall.length + zoomedSmall.length}`,
    );
    expect.soft(violations, `${name} (${language}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    expect.soft(wideOverflow, `${name} (${language}) scrolls sideways at 1280 px`).toBe(0);
    expect.soft(zoomedOverflow, `${name} (${language}) scrolls sideways at 320 px`).toBe(0);
    expect.soft(wideSmall, `${name} (${language}) targets under 24 px at 1280 px`).toEqual([]);
    expect.soft(zoomedSmall, `${name} (${language}) targets under 24 px at 320 px`).toEqual([]);
  }

  for (const language of ['en', 'fr'] as const) {
    const strings = catalogues[language];

    it(`checks the sign-in page and every page a manager opens (${language})`, async () => {
      const context = await browser.newContext({ viewport: WIDE, locale: language === 'fr' ? 'fr-CA' : 'en-CA' });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      await page.goto(`${test.url}/console`);
      await page.getByRole('button', { name: strings.signIn }).waitFor();
      await check(page, 'sign-in', language);

      await page.getByLabel(strings.email).fill('manager@demo.test');
      await page.getByLabel(strings.password, { exact: true }).fill(demoPassword('manager@demo.test'));
      await page.getByRole('button', { name: strings.signIn }).click();
      await page.getByRole('navigation', { name: strings.sectionsLabel }).waitFor();

      for (const { id } of PAGES) {
        const pageId: PageId = id;
        await page.goto(`${test.url}${pathOf(pageId)}`);
        await page.getByRole('heading', { level: 1, name: strings.pages[pageId].heading, exact: true }).waitFor();
        // Lists load after the heading: wait for the network to rest.
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        await check(page, pageId, language);
      }
      await context.close();
    });
  }

  it('checked every page in both languages, and raised no script errors', () => {
    expect(checked).toHaveLength(2 * (PAGES.length + 1));
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
