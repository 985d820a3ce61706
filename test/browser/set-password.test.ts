/**
 * The one-time link's page in Chromium (issue #9, point 1): a manager creates an account, the
 * newcomer opens the link, is refused a common password with the reason in English and French,
 * sets a good one by keyboard alone, and signs in with it; the link then says it was used. axe-core
 * finds no violation in any of these states. Controls are found by role and accessible name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { ask, closeAllSockets, connectAgent, signIn } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('setting a password through a one-time link, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    closeAllSockets();
    await browser?.close();
    await test?.close();
  });

  const expectNoAxeViolations = async (where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  it('takes a newcomer from the link to a password, by keyboard, with reasons in both languages', async () => {
    const manager = await connectAgent(test.url, await signIn(test.url, MANAGER.email, MANAGER.password));
    const created = await ask(manager, 'admin:accounts:create', {
      email: 'robin@example.test',
      displayName: 'Robin',
      role: 'agent',
      languages: ['fr'],
      queueIds: ['general-fr'],
      maxConcurrentChats: 2,
    });
    if (!created.ok) throw new Error(created.error.code);

    await page.goto(created.link.url);
    await expect(page.title()).resolves.toBe('Set your password / Créez votre mot de passe');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Set your password.*Créez votre mot de passe/);
    await expectNoAxeViolations('the form');

    const field = page.getByLabel(/New password.*Nouveau mot de passe/);
    await field.focus();
    await page.keyboard.type('password1234');
    await page.keyboard.press('Enter');
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/too common[\s\S]*trop courant/);
    await expectNoAxeViolations('the refusal');

    // By keyboard alone: focus moves from the field to the button.
    await page.getByLabel(/New password.*Nouveau mot de passe/).focus();
    await page.keyboard.type('Un matin au bord du fleuve');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Set password.*Créer le mot de passe/);
    await page.keyboard.press('Enter');
    const done = page.getByRole('status');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/Your password is set[\s\S]*Votre mot de passe est créé/);
    await expectNoAxeViolations('the confirmation');
    await signIn(test.url, 'robin@example.test', 'Un matin au bord du fleuve');

    // The link has done its work.
    await page.goto(created.link.url);
    await page.getByLabel(/New password.*Nouveau mot de passe/).fill('Another fine passphrase');
    await page.getByRole('button', { name: /Set password/ }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/expired or was already used[\s\S]*a expiré ou a déjà servi/);
    await expectNoAxeViolations('a used link');
    // The browser logs the refusals' statuses (400, 410) as failed loads; nothing else may fail.
    expect(pageErrors.filter((error) => !/Failed to load resource: the server responded with a status of 4(00|10)/.test(error))).toEqual([]);
  });
});
