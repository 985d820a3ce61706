/**
 * The whole product in a real browser (Debian's Chromium): a citizen on the demo page and an agent
 * in the console, side by side. Plays issue #2's points 2 to 5, and checks both pages with axe-core.
 * Controls are found by role and accessible name, never by CSS class.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('a citizen and an agent, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let citizenContext: BrowserContext;
  let agentContext: BrowserContext;
  let citizen: Page;
  let agent: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    citizenContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    agentContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    citizen = await citizenContext.newPage();
    agent = await agentContext.newPage();
    for (const page of [citizen, agent]) {
      page.on('pageerror', (error) => pageErrors.push(`${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  const chatFrame = (): FrameLocator => citizen.frameLocator('iframe[title="Chat with an agent"]');
  const launcher = () => citizen.getByRole('button', { name: /Chat with us|Hide chat/ });

  const expectNoAxeViolations = async (target: Parameters<typeof axeViolations>[0], where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  it('lets an agent sign in and become available', async () => {
    await agent.goto(`${test.url}/console`);
    await agent.getByLabel('Email').fill(MANAGER.email);
    await agent.getByLabel('Password').fill('wrong password');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => agent.getByRole('alert').textContent()).toMatch(/email or password/i);
    await agent.getByLabel('Password').fill(MANAGER.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('radio', { name: 'Available' }).check();
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);
    await expectNoAxeViolations(agent, 'console, signed in');
  });

  it('shows the demo page with the launcher, which opens the privacy notice and start form', async () => {
    await citizen.goto(`${test.url}/`);
    await launcher().click();
    const frame = chatFrame();
    await frame.getByRole('heading', { name: 'Before you start' }).waitFor();
    await expect.poll(() => frame.getByText(/social insurance number/).count()).toBe(1);
    await expect.poll(() => launcher().getAttribute('aria-expanded')).toBe('true');
    await expectNoAxeViolations(citizen, 'demo page with the widget open');
    const iframe = citizen.frame({ url: /\/chat\/frame/ });
    expect(iframe).not.toBeNull();
    await expectNoAxeViolations(iframe!, 'chat frame, start form');
  });

  it('starts a chat: the citizen waits with a place in line, the agent sees it and accepts', async () => {
    const frame = chatFrame();
    await frame.getByLabel('First name (optional)').fill('Marie');
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await expect.poll(() => frame.getByText('Choose a topic to start the chat.').count()).toBe(1);
    await frame.getByRole('radio', { name: 'Permits and licences' }).check();
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await frame.getByRole('status').filter({ hasText: 'You are next in line' }).waitFor();

    const waiting = agent.getByRole('region', { name: 'Waiting chats' });
    await waiting.getByText('Permits and licences').waitFor();
    await waiting.getByRole('button', { name: /^Accept/ }).first().click();
    await agent.getByRole('heading', { name: 'Chat with Marie' }).waitFor();
    await frame.getByRole('status').filter({ hasText: 'You are chatting with' }).waitFor();
  });

  it('carries messages live both ways, each once and in order', async () => {
    const frame = chatFrame();
    await frame.getByLabel('Your message').fill('Hello, when is my next payment?');
    await frame.getByLabel('Your message').press('Enter');
    const agentLog = agent.getByRole('log', { name: 'Messages' });
    await agentLog.getByText('Hello, when is my next payment?').waitFor();

    await agent.getByLabel('Message', { exact: true }).fill('Hi Marie, it is on the 20th.');
    await agent.getByRole('button', { name: 'Send' }).click();
    const citizenLog = frame.getByRole('log', { name: 'Messages' });
    await citizenLog.getByText('Hi Marie, it is on the 20th.').waitFor();

    for (const log of [citizenLog, agentLog]) {
      const texts = await log.getByRole('listitem').allTextContents();
      const order = ['Hello, when is my next payment?', 'Hi Marie, it is on the 20th.'].map((text) =>
        texts.findIndex((item) => item.includes(text)),
      );
      expect(order[0]).toBeGreaterThanOrEqual(0);
      expect(order[1]).toBeGreaterThan(order[0]!);
      expect(texts.filter((item) => item.includes('Hello, when is my next payment?'))).toHaveLength(1);
    }
    await expectNoAxeViolations(citizen.frame({ url: /\/chat\/frame/ })!, 'chat frame, conversation');
    await expectNoAxeViolations(agent, 'console with an open chat');
  });

  it('brings the conversation back when the citizen reloads, and goes on', async () => {
    await citizen.reload();
    const frame = chatFrame();
    const log = frame.getByRole('log', { name: 'Messages' });
    await log.getByText('Hi Marie, it is on the 20th.').waitFor();
    expect(await log.getByText('Hello, when is my next payment?').count()).toBe(1);
    await frame.getByLabel('Your message').fill('Thanks! One more thing.');
    await frame.getByLabel('Your message').press('Enter');
    await agent.getByRole('log', { name: 'Messages' }).getByText('Thanks! One more thing.').waitFor();
  });

  it('gives the agent their open chat back after a console reload', async () => {
    await agent.reload();
    await agent.getByRole('heading', { name: 'Chat with Marie' }).or(agent.getByRole('button', { name: /Marie/ })).first().waitFor();
    const chatHeading = agent.getByRole('heading', { name: 'Chat with Marie' });
    if (!(await chatHeading.isVisible())) await agent.getByRole('region', { name: 'My chats' }).getByRole('button', { name: /Marie/ }).click();
    const log = agent.getByRole('log', { name: 'Messages' });
    await log.getByText('Thanks! One more thing.').waitFor();
    expect(await log.getByText('Hello, when is my next payment?').count()).toBe(1);
  });

  it('closes the panel with Escape and puts focus back on the launcher', async () => {
    await chatFrame().getByLabel('Your message').focus();
    await citizen.keyboard.press('Escape');
    await expect.poll(() => launcher().getAttribute('aria-expanded')).toBe('false');
    await expect
      .poll(() => citizen.evaluate(() => document.querySelector('[data-gov-chat]')?.shadowRoot?.activeElement?.textContent ?? ''))
      .toMatch(/Chat with us/);
    await launcher().click();
  });

  it('lets the agent end the chat; the citizen sees it ended and can start a new one', async () => {
    await agent.getByRole('button', { name: 'End chat' }).click();
    const dialog = agent.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'End chat' }).click();
    const frame = chatFrame();
    await frame.getByRole('heading', { name: 'This chat has ended.' }).waitFor();
    await frame.getByText('The agent ended the chat.').waitFor();
    await frame.getByRole('button', { name: 'Start a new chat' }).click();
    await frame.getByRole('button', { name: 'Start chat' }).waitFor();
  });

  it('speaks French on the French page', async () => {
    await citizen.goto(`${test.url}/fr/`);
    const frenchLauncher = citizen.getByRole('button', { name: /Clavarder avec nous/ });
    await frenchLauncher.waitFor();
    await frenchLauncher.click();
    const frame = citizen.frameLocator('iframe[title="Clavarder avec un agent"]');
    await frame.getByRole('button', { name: 'Commencer le clavardage' }).waitFor();
    await expectNoAxeViolations(citizen, 'French demo page with the widget open');
  });

  it('raised no script errors and no CSP violations in either page', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
