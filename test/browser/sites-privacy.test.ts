/**
 * A site's privacy settings on the Sites page, in Chromium (issue #10): the demo manager sets the
 * site's own collection notice (both languages), the quick exit with its neutral page and phone
 * numbers removed from messages; problems show beside their part first (and focus goes to the
 * first); once saved, a reload shows them as set, the store holds them, and a citizen on the demo
 * page reads the new notice, has the quick exit, and sees a phone number removed. axe-core finds no
 * violation on the page in English and in French.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { closeAllSockets, onlineAgent } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const EXIT = 'https://exit.example/weather';
const NBSP = '\u00a0';

// Sign-in, two saves and a reload on a loaded machine: generous time for each step.
describe.skipIf(!chromiumAvailable)('a site’s privacy settings on the Sites page, in Chromium', { timeout: 150_000 }, () => {
  let test: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let manager: Page;

  const demoPassword = (email: string) => test.server.seeded.demoAccounts.find((account) => account.email === email)!.password;

  beforeAll(async () => {
    test = await startTestServer();
    await onlineAgent(test.url, test.server.services.auth);
    browser = await launchChromium();
  });

  afterAll(async () => {
    closeAllSockets();
    for (const context of contexts) await context.close();
    await browser?.close();
    await test?.close();
  });

  const newPage = async (who: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-CA' });
    contexts.push(context);
    const page = await context.newPage();
    // Script errors only: the console's first `me` answers 401 before sign-in, as it should.
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    return page;
  };
  const expectNoAxeViolations = async (target: Page | Frame, where: string) => {
    const violations = await axeViolations(target);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  const form = (page: Page) => page.getByRole('region', { name: 'Edit Northvale Public Services' });
  const notice = (page: Page) => form(page).getByRole('group', { name: 'Collection notice' });
  const quickExit = (page: Page) => form(page).getByRole('group', { name: 'Quick exit' });
  const redaction = (page: Page) => form(page).getByRole('group', { name: 'Also remove from messages' });

  const openDemoSite = async (page: Page) => {
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    await page.getByRole('button', { name: 'Open Northvale Public Services' }).click();
    await form(page).waitFor();
  };

  it('shows the privacy settings’ problems beside their parts, focus on the first', async () => {
    manager = await newPage('manager');
    await manager.goto(`${test.url}/console/admin/sites`);
    await manager.getByLabel('Email').fill('manager@demo.test');
    await manager.getByLabel('Password').fill(demoPassword('manager@demo.test'));
    await manager.getByRole('button', { name: 'Sign in' }).click();
    await openDemoSite(manager);

    // The demo site has its own notice: the form opens with it.
    const own = notice(manager).getByRole('checkbox', { name: 'This site has its own collection notice (off: citizens read the general notice)' });
    expect(await own.isChecked()).toBe(true);
    expect(await notice(manager).getByRole('textbox', { name: 'Legal authority, in English' }).inputValue()).toMatch(/section 12 of the Northvale Public Services Act/);
    expect(await quickExit(manager).getByRole('checkbox').isChecked()).toBe(false);

    await notice(manager).getByRole('textbox', { name: 'Purpose and use, in French' }).fill('  ');
    await quickExit(manager).getByRole('checkbox', { name: 'Show a quick exit button (pressing Escape twice does the same)' }).check();
    await quickExit(manager).getByRole('textbox', { name: 'Neutral page to leave for' }).fill('http://weather.example/');
    await form(manager).getByRole('button', { name: 'Save changes' }).click();
    await notice(manager).getByText('Enter “Purpose and use” in French.').waitFor();
    await quickExit(manager).getByText('The neutral page must be an https address.').waitFor();
    // The problems describe their group, and focus is on the first part with one.
    expect(await notice(manager).getAttribute('aria-describedby')).toMatch(/privacyNotice-problem/);
    await expect.poll(() => manager.evaluate(() => document.activeElement?.id ?? '')).toMatch(/-privacyNotice$/);
    await expectNoAxeViolations(manager, 'sites page, privacy problems shown');
  });

  it('saves the notice, the quick exit and phone numbers removed, and shows them after a reload', async () => {
    await notice(manager).getByRole('textbox', { name: 'Purpose and use, in French' }).fill('Pour répondre à votre question.');
    await notice(manager).getByRole('textbox', { name: 'Legal authority, in English' }).fill('Section 7 of the Test Act');
    await notice(manager).getByRole('textbox', { name: 'Legal authority, in French' }).fill('Article 7 de la Loi d’essai');
    await quickExit(manager).getByRole('textbox', { name: 'Neutral page to leave for' }).fill(EXIT);
    await redaction(manager).getByRole('checkbox', { name: 'Phone numbers' }).check();
    await form(manager).getByRole('button', { name: 'Save changes' }).click();
    await manager.getByRole('status').filter({ hasText: 'The site Northvale Public Services is saved.' }).waitFor();

    const stored = await test.server.services.store.sites.get('demo');
    expect(stored).toMatchObject({
      redaction: { phone: true, email: false, postalCode: false },
      quickExit: { enabled: true, url: EXIT },
      privacyNotice: { legalAuthority: { en: 'Section 7 of the Test Act', fr: 'Article 7 de la Loi d’essai' }, purpose: { fr: 'Pour répondre à votre question.' } },
    });

    await manager.reload();
    await openDemoSite(manager);
    expect(await redaction(manager).getByRole('checkbox', { name: 'Phone numbers' }).isChecked()).toBe(true);
    expect(await redaction(manager).getByRole('checkbox', { name: 'Email addresses' }).isChecked()).toBe(false);
    expect(await quickExit(manager).getByRole('checkbox').isChecked()).toBe(true);
    expect(await quickExit(manager).getByRole('textbox', { name: 'Neutral page to leave for' }).inputValue()).toBe(EXIT);
    expect(await notice(manager).getByRole('textbox', { name: 'Legal authority, in English' }).inputValue()).toBe('Section 7 of the Test Act');
    expect(await notice(manager).getByRole('textbox', { name: 'Legal authority, in French' }).inputValue()).toBe('Article 7 de la Loi d’essai');
    await expectNoAxeViolations(manager, 'sites page, privacy settings shown');
  });

  it('speaks French, axe clean', async () => {
    await manager.getByRole('button', { name: 'Français' }).click();
    const frForm = manager.getByRole('region', { name: 'Modifier Services publics de Northvale' });
    await frForm.getByRole('group', { name: 'Avis de collecte' }).getByRole('textbox', { name: 'Autorisation légale, en français' }).waitFor();
    expect(await frForm.getByRole('group', { name: 'Retirer aussi des messages' }).getByRole('checkbox', { name: 'Numéros de téléphone' }).isChecked()).toBe(true);
    const exitGroup = frForm.getByRole('group', { name: 'Sortie rapide' });
    await exitGroup.getByRole('textbox', { name: 'Page neutre où aller' }).fill('ftp://x');
    await frForm.getByRole('button', { name: 'Enregistrer les changements' }).click();
    await exitGroup.getByText('La page neutre doit être une adresse https.').waitFor();
    await frForm.getByText(`Une page https qui ne dit rien de ce site, comme une page de recherche ou de météo. Vide${NBSP}: https://www.google.ca/`).waitFor();
    await expectNoAxeViolations(manager, 'sites page, French, a privacy problem shown');
  });

  it('gives a citizen on the demo page the new notice and the quick exit, and removes a phone number', async () => {
    const citizen = await newPage('citizen');
    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: /Chat with us/ }).click();
    const frame = citizen.frameLocator('iframe[title="Chat with an agent"]');
    await frame.getByRole('heading', { name: 'Before you start' }).waitFor();
    await frame.getByText('Section 7 of the Test Act').waitFor();
    await frame.getByRole('button', { name: 'Quick exit' }).waitFor();
    await frame.getByRole('radio', { name: 'Permits and licences' }).check();
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await frame.getByLabel('Your message').fill('Call me at 613-555-0199 please');
    await frame.getByLabel('Your message').press('Enter');
    const log = frame.getByRole('log', { name: 'Messages' });
    await log.getByText('Call me at [removed: phone number] please').waitFor();
    expect(await log.getByText(/555-0199/).count()).toBe(0);
  });

  it('threw no error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
