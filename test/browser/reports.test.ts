/**
 * The Reports page in Chromium (issue #11, "Reports"): a scripted set of chats (one answered and
 * ended, one abandoned in English, one abandoned in French, over sockets) is counted into the
 * hourly rollup; the demo supervisor opens Reports from the navigation and finds those figures in
 * the tables (the answered chat's survey among them: satisfaction and channel shift); the Volume CSV downloaded from the page holds the table's rows; the filters work
 * from the keyboard; axe-core finds nothing in English or French; an agent cannot open the page.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AgentConversation } from '../../protocol/models.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, nextEvent, onlineAgent, startChat } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('the Reports page, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;
  const pageErrors: string[] = [];
  const demoPassword = (email: string) => test.server.seeded.demoAccounts.find((account) => account.email === email)!.password;

  const openAs = async (email: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-CA', acceptDownloads: true });
    contexts.push(context);
    const opened = await context.newPage();
    opened.on('pageerror', (error) => pageErrors.push(`${email}: ${error.message}`));
    await opened.goto(`${test.url}/console`);
    await opened.getByLabel('Email').fill(email);
    await opened.getByLabel('Password').fill(demoPassword(email));
    await opened.getByRole('button', { name: 'Sign in' }).click();
    return opened;
  };
  const expectNoAxeViolations = async (where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  /** A table's rows as the page holds them (each cell's raw value, the first the row's key). */
  const rowsOf = (table: string) =>
    page.locator(`table[data-report-table="${table}"] tbody tr`).evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.getAttribute('data-value') ?? '')),
    );

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    // One English agent taking one chat at a time: the first chat is answered, the second waits.
    const agent = await onlineAgent(test.url, test.server.services.auth, { displayName: 'Alexandre', languages: ['en'], queueIds: ['general-en'], maxConcurrentChats: 1 });
    const answered = await startChat(test.url, { topicId: 'benefits', language: 'en', visitorName: 'Robin' });
    await vi.waitFor(async () => expect((await test.server.services.conversations.get(answered.conversationId)).status).toBe('active'), { timeout: 5000 });
    const waiting = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    const french = await startChat(test.url, { topicId: 'benefits', language: 'fr' });
    await ask(waiting.socket, 'conversation:end', {});
    await ask(french.socket, 'conversation:end', {});
    const ended = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === answered.conversationId && c.status === 'closed');
    await ask(answered.socket, 'conversation:end', {});
    await ended;
    // The answered chat's citizen answers the survey: they would not have contacted us otherwise.
    const survey = await ask(answered.socket, 'survey:answer', { satisfaction: 5, alternative: 'would_not_have_contacted' });
    expect(survey.ok).toBe(true);
    await test.server.services.reports.settle();
  });

  afterAll(async () => {
    closeAllSockets();
    for (const context of contexts) await context.close();
    await browser?.close();
    await test?.close();
  });

  it('shows the scripted chats’ figures', async () => {
    page = await openAs('supervisor@demo.test');
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/reports');
    await page.locator('table[data-report-table="volume"]').waitFor();
    const volume = await rowsOf('volume');
    // Columns: group, offered, started, chat rate, answered, abandoned, left a message, transferred, closed.
    expect(volume.at(-1)).toEqual(['total', '0', '3', '', '1', '2', '0', '0', '3']);
    expect(await rowsOf('languages')).toEqual([
      ['en', '1', expect.any(String), expect.any(String), '100', '1'],
      ['fr', '0', '', '', '', '1'],
    ]);
    expect(await rowsOf('channels')).toContainEqual(['would_not_have_contacted', '1', '100']);
    expect(await rowsOf('satisfaction')).toContainEqual(['5', '1', '100']);
    const outcomes = await rowsOf('outcomes');
    expect(outcomes).toContainEqual(['close_reason', 'visitor_ended', '3']);
    await expectNoAxeViolations('reports in English');
  });

  it('downloads the Volume table as CSV, the same rows', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-csv="volume"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^report-volume-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('group,offered,started,chat_rate_pct,answered,abandoned,left_message,transferred,closed');
    expect(lines.slice(1)).toEqual((await rowsOf('volume')).map((row) => row.join(',')));
  });

  it('filters by language from the keyboard', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await page.getByRole('button', { name: 'Show report' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await rowsOf('volume')).at(-1)).toEqual(['total', '0', '1', '', '0', '1', '0', '0', '1']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Report');
  });

  it('is axe clean in French', async () => {
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rapports' }).waitFor();
    await page.getByRole('button', { name: 'Afficher le rapport' }).waitFor();
    await expectNoAxeViolations('reports in French');
    await page.getByRole('button', { name: 'English' }).click();
    expect(pageErrors).toEqual([]);
  });

  it('is not offered to an agent', async () => {
    const agentPage = await openAs('agent@demo.test');
    const sections = agentPage.getByRole('navigation', { name: 'Console sections' });
    await sections.getByRole('link', { name: 'Chats' }).waitFor();
    expect(await sections.getByRole('link', { name: 'Reports' }).count()).toBe(0);
    await agentPage.goto(`${test.url}/console/reports`);
    await agentPage.getByRole('heading', { level: 1, name: 'You cannot open this page' }).waitFor();
    expect(await agentPage.getByRole('button', { name: 'Show report' }).count()).toBe(0);
  });
});
