/**
 * When nobody is there, in Chromium: outside the demo site's office hours the chat shows the closed
 * state before anyone types (why, when it opens, the hours, other ways, self-service) and takes a
 * message, in English and in French; a topic nobody serves says so once chosen; and the console's
 * inbox lists the messages live and marks one answered. axe-core finds no violation in any of these
 * states. Controls are found by role and accessible name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import type { Clock } from '../../server/services/clock.js';
import { DEMO_OFFICE_HOURS, demoSite } from '../../server/services/seed.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, connectVisitor, onlineAgent } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

class SetClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
}

// Monday 2 November 2026, 17:00 in Toronto: closed until Tuesday 8:30; then Tuesday 10:00, open.
const MONDAY_5PM = Date.parse('2026-11-02T22:00:00Z');
const TUESDAY_10AM = Date.parse('2026-11-03T15:00:00Z');

describe.skipIf(!chromiumAvailable)('closed hours and leaving a message, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let citizen: Page;
  let agent: Page;
  const clock = new SetClock(MONDAY_5PM);
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer({ SESSION_TTL_MINUTES: '10080' }, { clock });
    await test.server.services.store.sites.put(demoSite([], DEMO_OFFICE_HOURS));
    browser = await launchChromium();
    citizen = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    agent = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    for (const page of [citizen, agent]) {
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
    }
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  const chatFrame = (title = 'Chat with an agent'): FrameLocator => citizen.frameLocator(`iframe[title="${title}"]`);
  const frameDocument = (): Frame => citizen.frame({ url: /\/chat\/frame/ })!;
  const expectNoAxeViolations = async (target: Page | Frame, where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  const isFocused = (frame: FrameLocator, role: 'radio' | 'textbox' | 'heading', name: string) =>
    frame.getByRole(role, { name }).evaluate((element) => element === element.ownerDocument.activeElement);

  it('shows the closed state before anyone types: why, when it opens, the hours, other ways and self-service', async () => {
    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: /Chat with us/ }).click();
    const frame = chatFrame();
    await frame.getByRole('heading', { name: 'Chat is closed' }).waitFor();
    await frame.getByText('Chat is closed at this time.').waitFor();
    await frame.getByText(/^Chat opens again Tuesday, November 3 at 8:30\sa\.m\. EST\.$/).waitFor();
    await frame.getByRole('heading', { name: 'Chat hours (Eastern Time)' }).waitFor();
    expect(await frame.getByText('8:30 a.m. to 4:30 p.m.').count()).toBe(5);
    await frame.getByRole('link', { name: '1-800-555-0199' }).waitFor();
    await frame.getByRole('link', { name: /Check the status of an application/ }).waitFor();
    expect(await frame.getByRole('textbox', { name: 'Your message' }).count()).toBe(1);
    expect(await frame.getByRole('button', { name: 'Start chat' }).count()).toBe(0);
    await expect.poll(() => isFocused(frame, 'heading', 'Chat is closed')).toBe(true);
    await expectNoAxeViolations(citizen, 'demo page, chat closed');
    await expectNoAxeViolations(frameDocument(), 'chat frame, closed state');
  });

  it('checks the message form, says what is wrong, then sends and gives a reference', async () => {
    const frame = chatFrame();
    await frame.getByRole('button', { name: 'Send message' }).click();
    await frame.getByText('Choose what your message is about.').waitFor();
    await frame.getByText('Write your message.').waitFor();
    await expect.poll(() => isFocused(frame, 'radio', 'Benefits and payments')).toBe(true);

    await frame.getByRole('radio', { name: 'Permits and licences' }).check();
    await frame.getByRole('textbox', { name: 'First name (optional)' }).fill('Sam');
    await frame.getByRole('textbox', { name: 'Email (optional)' }).fill('not-an-email');
    await frame.getByRole('textbox', { name: 'Your message' }).fill('When can I renew my fishing licence?');
    await frame.getByRole('button', { name: 'Send message' }).click();
    await frame.getByText('Enter an email address in the form name@example.com.').waitFor();
    await expect.poll(() => isFocused(frame, 'textbox', 'Email (optional)')).toBe(true);
    expect(await frame.getByRole('textbox', { name: 'Email (optional)' }).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(frameDocument(), 'chat frame, message form with errors');

    await frame.getByRole('textbox', { name: 'Email (optional)' }).fill('sam@example.test');
    await frame.getByRole('button', { name: 'Send message' }).click();
    await frame.getByRole('heading', { name: 'Message sent' }).waitFor();
    await frame.getByText(/^Your reference is [0-9A-Z]{4}-[0-9A-Z]{4}\. Quote it if you contact us again\.$/).waitFor();
    await expect.poll(() => isFocused(frame, 'heading', 'Message sent')).toBe(true);
    await expectNoAxeViolations(frameDocument(), 'chat frame, message sent');
    const [item] = await test.server.services.store.inbox.list(null, null, 10);
    expect(item).toMatchObject({ visitorName: 'Sam', email: 'sam@example.test', queueId: 'permits-en', language: 'en' });
  });

  it('does the same in French', async () => {
    clock.time += 60_000;
    await citizen.goto(`${test.url}/fr/`);
    await citizen.getByRole('button', { name: /Clavarder avec nous/ }).click();
    const frame = chatFrame('Clavarder avec un agent');
    await frame.getByRole('heading', { name: 'Le clavardage est fermé' }).waitFor();
    await frame.getByText(/^Le clavardage ouvre de nouveau mardi 3 novembre à 8\sh\s30 HNE\.$/).waitFor();
    await frame.getByRole('heading', { name: /Heures du clavardage/ }).waitFor();
    await frame.getByRole('button', { name: 'Envoyer le message' }).click();
    await frame.getByText('Choisissez le sujet de votre message.').waitFor();
    await frame.getByText('Écrivez votre message.').waitFor();
    await expectNoAxeViolations(frameDocument(), 'French chat frame, message form with errors');
    await frame.getByRole('radio', { name: 'Prestations et paiements' }).check();
    await frame.getByRole('textbox', { name: 'Prénom (facultatif)' }).fill('Marie');
    await frame.getByRole('textbox', { name: 'Numéro de téléphone (facultatif)' }).fill('613-555-0100');
    await frame.getByRole('textbox', { name: 'Votre message' }).fill('Quand mon paiement arrivera-t-il?');
    await frame.getByRole('button', { name: 'Envoyer le message' }).click();
    await frame.getByRole('heading', { name: 'Message envoyé' }).waitFor();
    await frame.getByText(/^Votre numéro de référence est [0-9A-Z]{4}-[0-9A-Z]{4}\./).waitFor();
    await expectNoAxeViolations(citizen, 'French demo page, chat closed');
    await expectNoAxeViolations(frameDocument(), 'French chat frame, message sent');
  });

  it('says so as soon as a topic nobody serves is chosen, and offers to leave a message instead', async () => {
    clock.time = TUESDAY_10AM;
    await onlineAgent(test.url, test.server.services.auth, { languages: ['en'], queueIds: ['general-en'] });
    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: /Chat with us/ }).click();
    const frame = chatFrame();
    await frame.getByRole('heading', { name: 'Before you start' }).waitFor();
    await frame.getByRole('radio', { name: 'Permits and licences' }).check();
    await frame.getByRole('status').filter({ hasText: 'No agent is available right now to chat in English about this topic.' }).waitFor();
    await expectNoAxeViolations(frameDocument(), 'chat frame, topic nobody serves');
    await frame.getByRole('button', { name: 'Leave a message' }).click();
    await frame.getByRole('heading', { name: 'No one is available to chat' }).waitFor();
    expect(await frame.getByRole('radio', { name: 'Permits and licences' }).isChecked()).toBe(true);
    await expectNoAxeViolations(frameDocument(), 'chat frame, nobody available');
    await frame.getByRole('button', { name: 'Choose another topic' }).click();
    await frame.getByRole('radio', { name: 'Benefits and payments' }).check();
    await frame.getByRole('button', { name: 'Start chat' }).waitFor();
  });

  it('lists the messages in the console inbox, live, and marks one answered, in English and French', async () => {
    await agent.goto(`${test.url}/console`);
    await agent.getByLabel('Email').fill(MANAGER.email);
    await agent.getByLabel('Password').fill(MANAGER.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    const inboxButton = agent.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: /^Inbox/ });
    await expect.poll(() => inboxButton.textContent()).toMatch(/2 unanswered/);
    await inboxButton.click();
    const list = agent.getByRole('region', { name: 'Left messages' });
    await list.getByRole('button', { name: /Marie/ }).waitFor();
    expect(await list.getByRole('button').allTextContents()).toEqual([expect.stringMatching(/^Marie/), expect.stringMatching(/^Sam/)]);

    // A message left now appears at once.
    const visitor = await connectVisitor(test.url);
    await ask(visitor, 'message:leave', {
      clientId: randomUUID(),
      topicId: 'benefits',
      language: 'en',
      visitorName: 'Lee',
      phone: '613-555-0101',
      text: 'Please call me back about my payment.',
      pageUrl: `${test.url}/`,
    });
    await list.getByRole('button', { name: /Lee/ }).waitFor();

    await list.getByRole('button', { name: /Sam/ }).click();
    await agent.getByRole('heading', { name: 'Message from Sam' }).waitFor();
    await agent.getByText('When can I renew my fishing licence?').waitFor();
    await agent.getByRole('link', { name: 'sam@example.test' }).waitFor();
    await expectNoAxeViolations(agent, 'console inbox, a message open');
    await agent.getByRole('button', { name: 'Mark as answered' }).click();
    await agent.getByText('Write what was done.').waitFor();
    await agent.getByRole('textbox', { name: 'What was done' }).fill('Emailed the renewal dates.');
    await agent.getByRole('button', { name: 'Mark as answered' }).click();
    await agent.getByText(/^Answered by lead, /).waitFor();
    expect(await agent.getByRole('button', { name: 'Mark as answered' }).count()).toBe(0);
    await expect.poll(() => inboxButton.textContent()).toMatch(/2 unanswered/);
    await expectNoAxeViolations(agent, 'console inbox, a message answered');

    await agent.getByRole('button', { name: 'Français' }).click();
    await agent.getByRole('heading', { name: 'Messages laissés' }).waitFor();
    await agent.getByRole('heading', { name: 'Message laissé par Sam' }).waitFor();
    await expectNoAxeViolations(agent, 'console inbox in French');
    const stored = await test.server.services.store.inbox.list(null, null, 10);
    expect(stored.find((item) => item.visitorName === 'Sam')).toMatchObject({ status: 'answered', answerNote: 'Emailed the renewal dates.' });
  });

  it('raised no script errors and no CSP violations in either page', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
