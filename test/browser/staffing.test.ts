/**
 * The staffing panel on the Rollout page, in Chromium (issue #11, "Shown on the Rollout page beside
 * the schedule"): with a week-old hour of demand in the reports' rollup, the manager reads how many
 * agents the busiest hour needs and that none are planned, plans an agent through the whole day
 * from the keyboard, and reads that one is planned; a share tried shows its own line; axe-clean in
 * English and French.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FIGURES, hourOf, noDims, REPORT_RETENTION_MS } from '../../server/domain/reports.js';
import { localWeekday } from '../../server/domain/staffing-plan.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

const WEEK = 7 * 24 * 3_600_000;

describe.skipIf(!chromiumAvailable)('the staffing panel, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const weekday = localWeekday('America/Toronto', Date.now());

  beforeAll(async () => {
    // This hour a week ago: 12 chats at a share of 100 %, answered and ended after 10 minutes each.
    const store = createMemoryStore();
    const hour = hourOf(Date.now() - WEEK);
    const dims = { ...noDims(), language: 'en' as const, share: 100 };
    await store.reports.record(
      [
        { scope: 'demo', hour, dims, figure: FIGURES.offered, by: 200 },
        { scope: 'demo', hour, dims, figure: FIGURES.started, by: 12 },
        { scope: 'demo', hour, dims, figure: FIGURES.handled, by: 12 },
        { scope: 'demo', hour, dims, figure: FIGURES.handleSum, by: 12 * 600_000 },
      ],
      50,
      REPORT_RETENTION_MS,
      Date.now(),
    );
    test = await startTestServer({}, { store });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-CA' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${test.url}/console/rollout`);
    await page.getByLabel('Email').fill(MANAGER.email);
    await page.getByLabel('Password').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rollout' }).waitFor();
    // From here on (before it, the console's session probe answers 401, as it should), nothing fails.
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  const panel = () => page.getByRole('region', { name: /^(Staffing|Effectifs)$/ });
  const expectNoAxeViolations = async (where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  it('says how many agents the busiest hour needs and that none are planned', async () => {
    const now = panel().getByRole('listitem').filter({ hasText: 'Now, at 100' });
    await expect.poll(() => now.textContent()).toMatch(/needs about \d+ agents? at \d\d:00.*you have 0 planned\. \d+ short\./);
    await expect.poll(() => panel().getByText(/Learned from 12 chats in 1 offered hour over the last 56 days/).count()).toBe(1);
    expect(await panel().getByText(/A chat takes 10 minutes on average/).count()).toBe(1);
    await expectNoAxeViolations('rollout page with a staffing projection');
  });

  it('projects one language at a time: the French chats seen so far are none', async () => {
    await panel().getByRole('combobox', { name: 'Chats in' }).selectOption({ label: 'French' });
    await expect.poll(() => panel().getByRole('listitem').filter({ hasText: 'Now, at 100' }).textContent()).toMatch(/not enough chats were seen/);
    await panel().getByRole('combobox', { name: 'Chats in' }).selectOption({ label: 'English' });
    await expect.poll(() => panel().getByRole('listitem').filter({ hasText: 'Now, at 100' }).textContent()).toMatch(/needs about \d+ agents?/);
    await panel().getByRole('combobox', { name: 'Chats in' }).selectOption({ label: 'Both languages' });
  });

  it('plans an agent through the whole day, from the keyboard, and counts them', async () => {
    await panel().getByLabel('Add an agent').selectOption({ index: 1 });
    await panel().getByRole('button', { name: 'Add', exact: true }).focus();
    await page.keyboard.press('Enter');
    const names: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
    await panel().getByRole('textbox', { name: new RegExp(`, ${names[weekday]}$`) }).fill('0-24');
    await panel().getByRole('button', { name: 'Save the plan' }).focus();
    await page.keyboard.press('Enter');
    await panel().getByRole('status').filter({ hasText: 'The plan was saved.' }).waitFor();
    await expect.poll(() => panel().getByRole('listitem').filter({ hasText: 'Now, at 100' }).textContent()).toMatch(/you have 1 planned\./);
  });

  it('projects a share the manager tries, and reads the same in French', async () => {
    await panel().getByRole('textbox', { name: 'Share to try (% of visitors)' }).fill('50');
    await panel().getByRole('button', { name: 'Project' }).click();
    await panel().getByRole('listitem').filter({ hasText: /^At 50\s%/ }).waitFor();
    await page.getByRole('button', { name: 'Français' }).click();
    await panel().getByRole('heading', { name: 'Effectifs' }).waitFor();
    await expect.poll(() => panel().getByRole('listitem').filter({ hasText: 'Maintenant, à 100' }).textContent()).toMatch(/demande environ \d+ agents? à \d\d:00/);
    await expectNoAxeViolations('rollout page with a staffing projection, in French');
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
