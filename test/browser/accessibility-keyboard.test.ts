/**
 * Keyboard only, and what a screen reader is told (issue #10), in Chromium:
 * - the citizen's whole flow with Tab, Enter, Space and Escape (and typing): to the launcher, open,
 *   the start form, send, read the reply, end the chat, answer the survey, close the panel;
 * - the agent's whole flow from the keyboard: sign in, go available, accept, reply, end with a
 *   reason, wrap up (the arrow keys only move within a radio group, as radio groups work);
 * - the live regions, recorded as they change: the place in line, the agent joined, new messages
 *   (a burst of three arrives in the log at once, the place in line says nothing more), the chat
 *   ended (focus moves to its heading, which is read).
 * No click and no `.fill`/`.check` on a control: every step is a key press.
 *
 * Each flow has its own chat, pages and agent account, and the other side of its chat is a plain
 * socket client (not under test): a slow step in one flow cannot leave the other waiting on it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentQueueChange } from '../../protocol/agent-events.js';
import type { Message } from '../../protocol/models.js';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { catalogues } from '../../agent-console/src/i18n.js';
import { CHAT_STRINGS } from '../../widget/i18n/chat-strings.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, nextEvent, onlineAgent, startChat } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const words = CHAT_STRINGS.en;
/** A pattern for focus on that kind of element with a name starting with that text. */
const named = (prefix: string, name: string) => new RegExp(`^${prefix}${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
const consoleWords = catalogues.en;

/** What has keyboard focus: through the loader's shadow root and into the chat frame. */
async function focusedName(page: Page): Promise<string> {
  const frame = page.frame({ url: /\/chat\/frame/ });
  if (frame) {
    const inFrame = await frame.evaluate(() => {
      if (!document.hasFocus()) return null;
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const label = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
      return `frame:${element.tagName.toLowerCase()}:${label.trim()}`;
    });
    if (inFrame) return inFrame;
  }
  return page.evaluate(() => {
    let element = document.activeElement as HTMLElement | null;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement as HTMLElement;
    if (!element) return '';
    const label = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
    return `${element.tagName.toLowerCase()}:${label.trim()}`;
  });
}

/** Presses Tab until focus is on what `pattern` names; fails after `max` presses. */
async function tabTo(page: Page, pattern: RegExp, max = 40): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const name = await focusedName(page);
    if (pattern.test(name)) return;
    seen.push(name);
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${pattern}; went through: ${seen.join(' | ')}`);
}

/** Records, in the chat frame, every change of a live region: its role and the text it then says. */
async function recordLiveRegions(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const said: Array<{ role: string; text: string }> = [];
    (window as unknown as { said: typeof said }).said = said;
    const regionOf = (node: Node): HTMLElement | null => {
      const element = node instanceof HTMLElement ? node : node.parentElement;
      return element?.closest<HTMLElement>('[role="status"], [role="alert"], [role="log"], [aria-live]') ?? null;
    };
    new MutationObserver((records) => {
      for (const record of records) {
        const region = regionOf(record.target);
        if (!region) continue;
        const role = region.getAttribute('role') ?? `live-${region.getAttribute('aria-live')}`;
        if (role === 'log') {
          // A log speaks what is added to it.
          for (const node of Array.from(record.addedNodes)) if ((node.textContent ?? '').trim()) said.push({ role, text: node.textContent!.trim() });
        } else {
          const text = (region.textContent ?? '').trim();
          const last = said.filter((entry) => entry.role === role).at(-1);
          if (text && last?.text !== text) said.push({ role, text });
        }
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const saidIn = (frame: Frame) => frame.evaluate(() => (window as unknown as { said: Array<{ role: string; text: string }> }).said.slice());

describe.skipIf(!chromiumAvailable)('keyboard only, and the live regions', { timeout: 180_000 }, () => {
  let test: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
  });

  afterEach(async () => {
    closeAllSockets();
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  /** A page of its own, in English, whose script errors the last test reads. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-CA' });
    // Generous for a loaded machine: every wait below is for something that does come.
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    return page;
  }

  it("takes the citizen through the whole chat from the keyboard, and announces the place in line, the agent joined, each message once and the end", async () => {
    // The agent is a socket client serving only Permits, so the chat waits in line until it accepts.
    const agent = await onlineAgent(test.url, test.server.services.auth, { displayName: 'Alex Martin', publicName: 'Alex', languages: ['en'], queueIds: ['permits-en'] });
    const queued = nextEvent<AgentQueueChange>(agent.socket, 'queue:changed', (change) => change.kind === 'joined', 60_000);
    const citizen = await newPage();
    const chatFrame = () => citizen.frameLocator('iframe[title="Chat with an agent"]');
    const frameOf = () => citizen.frame({ url: /\/chat\/frame/ })!;

    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: 'Chat with us' }).waitFor();
    await tabTo(citizen, /^button:Chat with us/);
    await citizen.keyboard.press('Enter');
    await chatFrame().getByRole('button', { name: words.start }).waitFor();
    await recordLiveRegions(frameOf());
    await tabTo(citizen, named('frame:input:', words.nameLabel));
    await citizen.keyboard.type('Marie');
    await tabTo(citizen, /^frame:input:Benefits and payments/);
    // Space checks the first topic; the arrows move within the group, to the one this agent serves.
    await citizen.keyboard.press('Space');
    await citizen.keyboard.press('ArrowDown');
    expect(await chatFrame().getByRole('radio', { name: 'Permits and licences' }).isChecked()).toBe(true);
    await tabTo(citizen, named('frame:button:', words.start));
    await citizen.keyboard.press('Enter');
    await chatFrame().getByRole('status').filter({ hasText: words.waitingNext }).waitFor();
    await expect.poll(async () => (await saidIn(frameOf())).some((entry) => entry.role === 'status' && entry.text.includes(words.waitingNext))).toBe(true);

    // The agent accepts and sends a burst of three.
    const joined = await queued;
    if (joined.kind !== 'joined') throw new Error('expected the chat to join the queue');
    const conversationId = joined.entry.id;
    expect((await ask(agent.socket, 'conversation:accept', { conversationId })).ok).toBe(true);
    await expect.poll(async () => (await saidIn(frameOf())).some((entry) => entry.role === 'status' && entry.text.startsWith(words.connectedWith.split('{agent}')[0]!))).toBe(true);
    const burst = ['Hello Marie.', 'I can help with permits.', 'What is your question?'];
    for (const text of burst) expect((await ask(agent.socket, 'message:send', { conversationId, clientId: randomUUID(), text })).ok).toBe(true);
    const log = chatFrame().getByRole('log', { name: words.messagesLabel });
    await log.getByText('What is your question?').waitFor();
    const said = await saidIn(frameOf());
    const fromLog = said.filter((entry) => entry.role === 'log').map((entry) => entry.text);
    for (const line of burst) {
      // Each message is said once, with who wrote it first.
      expect(fromLog.filter((text) => text.includes(line))).toHaveLength(1);
      expect(fromLog.find((text) => text.includes(line))).toMatch(/^\S.*\d.*/);
    }
    // The place in line said nothing more once the agent had joined.
    const queueLines = said.filter((entry) => entry.role === 'status' && entry.text.includes('in line'));
    expect(queueLines.length).toBeLessThanOrEqual(1);

    // The citizen writes; the agent reads it and answers.
    const question = nextEvent<Message>(agent.socket, 'message:created', (message) => message.text === 'When is my next payment?', 60_000);
    await tabTo(citizen, named('frame:textarea:', words.messageLabel));
    await citizen.keyboard.type('When is my next payment?');
    await citizen.keyboard.press('Enter');
    await question;
    expect((await ask(agent.socket, 'message:send', { conversationId, clientId: randomUUID(), text: 'On the 20th.' })).ok).toBe(true);
    await log.getByText('On the 20th.').waitFor();
    expect((await saidIn(frameOf())).filter((entry) => entry.role === 'log' && entry.text.includes('On the 20th.'))).toHaveLength(1);

    // The citizen ends the chat; focus moves to the "ended" heading, so it is read.
    // "End chat" asks first, with focus on keeping the chat; Escape keeps it and gives focus back.
    await tabTo(citizen, named('frame:button:', words.endChat));
    await citizen.keyboard.press('Enter');
    await expect.poll(() => focusedName(citizen)).toMatch(named('frame:button:', words.endNo));
    await citizen.keyboard.press('Escape');
    await expect.poll(() => focusedName(citizen)).toMatch(named('frame:button:', words.endChat));
    await citizen.keyboard.press('Enter');
    await tabTo(citizen, named('frame:button:', words.endYes));
    await citizen.keyboard.press('Enter');
    await chatFrame().getByRole('heading', { name: words.ended }).waitFor();
    await expect.poll(() => focusedName(citizen)).toMatch(named('frame:h2:', words.ended));

    // The survey, then Escape closes the panel and gives focus back to the launcher.
    await tabTo(citizen, /^frame:input:Very dissatisfied/);
    await citizen.keyboard.press('Space');
    await tabTo(citizen, named('frame:button:', words.surveySend));
    await citizen.keyboard.press('Enter');
    await chatFrame().getByRole('status').filter({ hasText: words.surveyThanks }).waitFor();
    await expect.poll(async () => (await saidIn(frameOf())).some((entry) => entry.text.includes(words.surveyThanks))).toBe(true);
    await citizen.keyboard.press('Escape');
    await expect.poll(() => citizen.locator('[data-gov-chat] .launcher').getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => focusedName(citizen)).toMatch(/^button:Chat with us/);
  });

  it('takes the agent through the whole chat from the keyboard: sign in, go available, accept, reply, end with a reason, wrap up', async () => {
    const account = { email: `keyboard-${randomUUID().slice(0, 8)}@example.test`, password: 'a-long-enough-password' };
    await test.server.services.auth.createAccount({ ...account, displayName: 'Kim Keyboard', role: 'agent', languages: ['en'], queueIds: ['permits-en'] });
    const agent = await newPage();

    await agent.goto(`${test.url}/console`);
    await tabTo(agent, named('input:', consoleWords.email));
    await agent.keyboard.type(account.email);
    await tabTo(agent, named('input:', consoleWords.password));
    await agent.keyboard.type(account.password);
    await agent.keyboard.press('Enter');
    await agent.getByRole('radio', { name: 'Available' }).waitFor();
    await tabTo(agent, /^input:(Available|Away)/);
    // In a radio group the arrows choose; Tab leaves the group.
    for (let i = 0; i < 3 && !(await agent.getByRole('radio', { name: 'Available' }).isChecked()); i++) await agent.keyboard.press('ArrowUp');
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);

    // The citizen is a socket client; its chat waits in Permits for this agent to accept.
    const citizen = await startChat(test.url, { topicId: 'permits', language: 'en', visitorName: 'Marie' });
    await agent.getByRole('region', { name: 'Waiting chats' }).getByRole('button', { name: /^Accept/ }).first().waitFor();
    await tabTo(agent, /^button:Accept/, 80);
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: 'Chat with Marie' }).waitFor();

    expect((await ask(citizen.socket, 'message:send', { clientId: randomUUID(), text: 'When is my next payment?' })).ok).toBe(true);
    const messages = agent.getByRole('log', { name: 'Messages' });
    await messages.getByText('When is my next payment?').waitFor();
    const reply = nextEvent<Message>(citizen.socket, 'message:created', (message) => message.text === 'On the 20th.', 60_000);
    await tabTo(agent, /^textarea:Message/, 80);
    await agent.keyboard.type('On the 20th.');
    await agent.keyboard.press('Enter');
    await reply;

    // End with a reason, in the dialog, from the keyboard.
    await tabTo(agent, named('button:', consoleWords.endChat), 80);
    await agent.keyboard.press('Enter');
    const dialog = agent.getByRole('dialog');
    await dialog.waitFor();
    await tabTo(agent, /^input:/);
    await agent.keyboard.press('ArrowDown');
    expect(await dialog.getByRole('radio', { checked: true }).getAttribute('value')).not.toBeNull();
    const ended = nextEvent<{ status: string }>(citizen.socket, 'conversation:updated', (conversation) => conversation.status === 'closed', 60_000);
    await tabTo(agent, /^button:End chat/);
    await agent.keyboard.press('Enter');
    await ended;

    // Wrap up: an outcome with Space, then save; the form goes.
    await agent.getByRole('heading', { name: consoleWords.wrapUpHeading }).waitFor();
    const inWrapUp = () => agent.evaluate(() => document.activeElement?.closest('.wrap-up') !== null && (document.activeElement as HTMLInputElement).type === 'radio');
    for (let i = 0; i < 80 && !(await inWrapUp()); i++) await agent.keyboard.press('Tab');
    expect(await inWrapUp()).toBe(true);
    await agent.keyboard.press('Space');
    await expect.poll(() => agent.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await tabTo(agent, named('button:', consoleWords.saveWrapUp));
    await agent.keyboard.press('Enter');
    // Its "saved" notice is polite and brief, so not waited for here.
    await expect.poll(() => agent.getByRole('heading', { name: consoleWords.wrapUpHeading }).count(), { timeout: 30_000 }).toBe(0);
  });

  it('raised no script errors in either page', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
