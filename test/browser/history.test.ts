/**
 * The History page in Chromium (issue #9, point 5): a citizen's chat is answered and closed (over
 * sockets); the demo supervisor opens History from the navigation, searches this week from the
 * keyboard, finds the chat by its reference, opens it read-only (messages shown, nothing to write
 * with), downloads its transcript (the text says who wrote what); axe-core finds nothing in English
 * or French; an agent has no History link and its address says the page is not for them.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AgentConversation } from '../../protocol/models.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, nextEvent, onlineAgent, startChat } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('the History page, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;
  let conversationId = '';
  let reference = '';
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

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    // A chat answered by an agent of our own, then ended by the citizen.
    const agent = await onlineAgent(test.url, test.server.services.auth, { displayName: 'Alexandre', languages: ['en'], queueIds: ['general-en'], maxConcurrentChats: 1 });
    const visitor = await startChat(test.url, { topicId: 'benefits', language: 'en', visitorName: 'Robin' });
    conversationId = visitor.conversationId;
    reference = visitor.conversation.reference;
    await vi.waitFor(async () => expect((await test.server.services.conversations.get(conversationId)).status).toBe('active'), { timeout: 5000 });
    await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: 'Where is my cheque?' });
    await ask(agent.socket, 'message:send', { conversationId, clientId: randomUUID(), text: 'It was mailed on Monday.' });
    const ended = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === conversationId && c.status === 'closed');
    await ask(visitor.socket, 'conversation:end', {});
    await ended;
  });

  afterAll(async () => {
    closeAllSockets();
    for (const context of contexts) await context.close();
    await browser?.close();
    await test?.close();
  });

  it('finds a closed chat by its reference, from the keyboard', async () => {
    page = await openAs('supervisor@demo.test');
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { level: 1, name: 'History' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/history');
    expect(await page.title()).toBe('History – Chat console');
    // As a caller reads it out: lower case, no dash.
    await page.getByRole('textbox', { name: 'Reference' }).fill(reference.toLowerCase().replace('-', ''));
    await page.getByRole('button', { name: 'Search' }).focus();
    await page.keyboard.press('Enter');
    const results = page.locator('table.history-results');
    await results.waitFor();
    expect(await results.locator('tbody tr').count()).toBe(1);
    await page.getByRole('status').filter({ hasText: '1 conversation found.' }).waitFor();
    expect(await results.locator('tbody tr').first().textContent()).toContain('Alexandre');
    await expectNoAxeViolations('history results in English');
  });

  it('opens it read-only and downloads its transcript', async () => {
    await page.getByRole('button', { name: `Open ${reference}` }).click();
    const chat = page.locator('.history-opened');
    await chat.getByText('Where is my cheque?').waitFor();
    await chat.getByText('It was mailed on Monday.').waitFor();
    expect(await chat.getByRole('textbox').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), chat.getByRole('link', { name: 'Download transcript' }).click()]);
    expect(download.suggestedFilename()).toBe(`transcript-${conversationId}.txt`);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain(`Conversation: ${conversationId}`);
    expect(text).toContain(`Reference: ${reference}`);
    expect(text).toMatch(/\] Citizen: Where is my cheque\?\r\n/);
    expect(text).toMatch(/\] Alexandre: It was mailed on Monday\.\r\n/);
    const entries = await test.server.services.store.audit.range(1, 10);
    expect(entries.map((entry) => entry.action)).toEqual(['history.transcript-exported']);
    await expectNoAxeViolations('conversation opened in English');
  });

  it('closes the opened conversation and gives focus back to its Open button', async () => {
    await page.locator('.history-opened').getByRole('button', { name: 'Close' }).click();
    expect(await page.locator('.history-opened').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`Open ${reference}`);
  });

  it('is axe clean in French', async () => {
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Historique' }).waitFor();
    await expectNoAxeViolations('history page in French');
    await page.getByRole('button', { name: 'English' }).click();
    expect(pageErrors).toEqual([]);
  });

  it('is not offered to an agent', async () => {
    const agentPage = await openAs('agent@demo.test');
    const sections = agentPage.getByRole('navigation', { name: 'Console sections' });
    await sections.getByRole('link', { name: 'Chats' }).waitFor();
    expect(await sections.getByRole('link', { name: 'History' }).count()).toBe(0);
    await agentPage.goto(`${test.url}/console/history`);
    await agentPage.getByRole('heading', { level: 1, name: 'You cannot open this page' }).waitFor();
    expect(await agentPage.getByRole('button', { name: 'Search' }).count()).toBe(0);
  });
});
