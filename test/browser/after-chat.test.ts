/**
 * After the chat (issue #10), in Chromium: the reference number on both sides (the citizen's chat
 * and the agent's console), the citizen's transcript downloaded from the chat window (its file
 * name, header and contents), and the survey answered from the keyboard in English and skipped in
 * French; axe-core finds nothing in the ended and survey states in either language.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('after the chat, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let citizen: Page;
  let agent: Page;
  let reference = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    citizen = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
    agent = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
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

  const chatFrame = (title = 'Chat with an agent'): FrameLocator => citizen.frameLocator(`iframe[title="${title}"]`);
  const frameOf = () => citizen.frame({ url: /\/chat\/frame/ })!;
  const expectNoAxeViolations = async (target: Parameters<typeof axeViolations>[0], where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  it('shows the chat’s reference number to the citizen and to the agent', async () => {
    await agent.goto(`${test.url}/console`);
    await agent.getByLabel('Email').fill(MANAGER.email);
    await agent.getByLabel('Password').fill(MANAGER.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('radio', { name: 'Available' }).check();

    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: /Chat with us/ }).click();
    const frame = chatFrame();
    await frame.getByLabel('First name (optional)').fill('Marie');
    await frame.getByRole('radio', { name: 'Permits and licences' }).check();
    await frame.getByRole('button', { name: 'Start chat' }).click();
    const shown = frame.getByText(/^Reference number: /);
    await shown.waitFor();
    reference = (await shown.textContent())!.replace('Reference number: ', '');
    expect(reference).toMatch(/^[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}$/);

    const waiting = agent.getByRole('region', { name: 'Waiting chats' });
    await waiting.getByRole('button', { name: /^Accept/ }).first().click();
    await agent.getByRole('heading', { name: 'Chat with Marie' }).waitFor();
    await agent.locator('dl.visitor-details').getByText(reference, { exact: true }).waitFor();
    await frame.getByRole('status').filter({ hasText: 'You are chatting with' }).waitFor();

    await frame.getByLabel('Your message').fill('=SUM(A1) <b>When is my permit ready?</b>');
    await frame.getByLabel('Your message').press('Enter');
    await agent.getByLabel('Message', { exact: true }).fill('Next Tuesday.');
    await agent.getByRole('button', { name: 'Send' }).click();
    await frame.getByRole('log', { name: 'Messages' }).getByText('Next Tuesday.').waitFor();
  });

  it('downloads the citizen’s transcript as a file, in the chat’s language, with the reference', async () => {
    const frame = chatFrame();
    await frame.getByRole('button', { name: 'End chat' }).click();
    await frame.getByRole('button', { name: 'Yes, end chat' }).click();
    await frame.getByRole('heading', { name: 'This chat has ended.' }).waitFor();
    await frame.getByText(`Reference number: ${reference}`).waitFor();

    const responded = citizen.waitForResponse((response) => response.url().endsWith('/api/widget/transcript'));
    const [download] = await Promise.all([citizen.waitForEvent('download'), frame.getByRole('button', { name: 'Download the transcript' }).click()]);
    const response = await responded;
    expect(response.headers()['content-disposition']).toBe(`attachment; filename="transcript-${reference}.txt"`);
    expect(response.headers()['cache-control']).toBe('no-store');
    expect(response.headers()['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.suggestedFilename()).toBe(`transcript-${reference}.txt`);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toMatch(/^Chat transcript\r\n/);
    expect(text).toContain(`Reference: ${reference}\r\n`);
    expect(text).toMatch(/Organisation: .+\r\n/);
    expect(text).toMatch(/Time zone: .+\r\n/);
    expect(text).toMatch(/\] You: =SUM\(A1\) <b>When is my permit ready\?<\/b>\r\n/);
    expect(text).toMatch(/\] .+: Next Tuesday\.\r\n/);
  });

  it('asks the survey, answered from the keyboard, once; axe finds nothing in English', async () => {
    const frame = chatFrame();
    await frame.getByRole('group', { name: 'How satisfied are you with this chat?' }).waitFor();
    await expectNoAxeViolations(frameOf(), 'chat frame, ended with the survey, in English');
    // Keyboard only: into the first scale, arrows to "Satisfied", Tab to the next question.
    await frame.getByRole('radio', { name: 'Very dissatisfied' }).focus();
    await citizen.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await citizen.keyboard.press('ArrowDown');
    expect(await frame.getByRole('radio', { name: 'Satisfied', exact: true }).isChecked()).toBe(true);
    await citizen.keyboard.press('Tab');
    await citizen.keyboard.press('Space');
    await citizen.keyboard.press('ArrowDown');
    expect(await frame.getByRole('radio', { name: 'By email' }).isChecked()).toBe(true);
    await frame.getByRole('button', { name: 'Send my answers' }).focus();
    await citizen.keyboard.press('Enter');
    await frame.getByRole('status').filter({ hasText: 'Thank you for your answers.' }).waitFor();
    expect(await frame.getByRole('button', { name: 'Send my answers' }).count()).toBe(0);
    await expectNoAxeViolations(frameOf(), 'chat frame, survey answered, in English');

    const conversations = await test.server.services.history.search(
      (await test.server.services.store.agents.list()).find((a) => a.email === MANAGER.email)!,
      { from: Date.now() - 3_600_000, to: Date.now() + 60_000, reference },
    );
    expect(conversations.conversations.map((c) => c.survey)).toEqual([expect.objectContaining({ satisfaction: 4, alternative: 'email' })]);
  });

  it('in French: the reference, the survey (skipped), axe clean', async () => {
    await chatFrame().getByRole('button', { name: 'Start a new chat' }).click();
    await citizen.goto(`${test.url}/fr/`);
    await citizen.getByRole('button', { name: /Clavarder avec nous/ }).click();
    const frame = chatFrame('Clavarder avec un agent');
    await frame.getByRole('radio', { name: 'Prestations et paiements' }).check();
    await frame.getByRole('button', { name: 'Commencer le clavardage' }).click();
    const shown = frame.getByText(/^Numéro de référence/);
    await shown.waitFor();
    const frenchReference = (await shown.textContent())!.replace(/^Numéro de référence\u00a0: /, '');
    expect(frenchReference).not.toBe(reference);
    await frame.getByRole('button', { name: 'Terminer le clavardage' }).click();
    await frame.getByRole('button', { name: 'Oui, terminer' }).click();
    await frame.getByRole('heading', { name: 'Ce clavardage est terminé.' }).waitFor();
    await frame.getByRole('group', { name: "Si le clavardage n'avait pas été offert, comment nous auriez-vous joints?" }).waitFor();
    await expectNoAxeViolations(frameOf(), 'chat frame, ended with the survey, in French');

    const [download] = await Promise.all([citizen.waitForEvent('download'), frame.getByRole('button', { name: 'Télécharger la transcription' }).click()]);
    expect(download.suggestedFilename()).toBe(`transcription-${frenchReference}.txt`);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toMatch(/^Transcription de clavardage\r\n/);
    expect(text).toContain(`Référence: ${frenchReference}\r\n`);

    await frame.getByRole('button', { name: 'Passer le sondage' }).click();
    expect(await frame.getByRole('group', { name: /satisfait/ }).count()).toBe(0);
    await expect
      .poll(() => frameOf().evaluate(() => document.activeElement?.textContent))
      .toBe('Commencer un nouveau clavardage');
    await expectNoAxeViolations(frameOf(), 'chat frame, ended, survey skipped, in French');
  });

  it('raised no script errors in either page', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
