/**
 * Public names in Chromium (issue #10): the agent Riley proposes a first name from their account
 * page (a bad one refused beside the field); the manager Morgan, with the Accounts page already
 * open, sees the proposal arrive and approves it; Riley's page says what citizens now see. A French
 * citizen answered before the approval reads "un agent"; after it, citizens read "Riley" in English
 * and in French, never the account's display name. A citizen's social insurance number reaches the
 * console as a readable "[SIN removed]" / "[NAS retiré]" label, not the raw marker. axe-core finds
 * nothing on what this adds, in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { DEMO_QUEUES } from '../../server/services/seed.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const RILEY = { email: 'riley@example.test', displayName: 'Riley Okonkwo-Tremblay', password: 'Un matin au bord du fleuve' };

describe.skipIf(!chromiumAvailable)('public names and removed identifiers, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let morgan: Page;
  let riley: Page;
  const pageErrors: string[] = [];

  const demoPassword = (email: string) => test.server.seeded.demoAccounts.find((account) => account.email === email)!.password;

  const newPage = async (who: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-CA' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    return page;
  };

  const signInAs = async (email: string, password: string): Promise<Page> => {
    const page = await newPage(email);
    await page.goto(`${test.url}/console`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  };

  const expectNoAxeViolations = async (page: Page, where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  /** A citizen starts a chat on the demo page (English or French); Riley accepts it from the waiting chats. */
  const citizenChat = async (language: 'en' | 'fr', name: string): Promise<FrameLocator> => {
    const citizen = await newPage(`citizen ${name}`);
    await citizen.goto(`${test.url}${language === 'fr' ? '/fr/' : '/'}`);
    await citizen.getByRole('button', { name: language === 'fr' ? /Clavarder avec nous/ : /Chat with us/ }).click();
    const frame = citizen.frameLocator(`iframe[title="${language === 'fr' ? 'Clavarder avec un agent' : 'Chat with an agent'}"]`);
    await frame.getByLabel(language === 'fr' ? 'Prénom (facultatif)' : 'First name (optional)').fill(name);
    await frame.getByRole('radio', { name: language === 'fr' ? 'Permis et licences' : 'Permits and licences' }).check();
    await frame.getByRole('button', { name: language === 'fr' ? 'Commencer le clavardage' : 'Start chat' }).click();
    const waiting = riley.getByRole('region', { name: /^(Waiting chats|Clavardages en attente)$/ });
    const entry = waiting.getByRole('listitem').filter({ hasText: name });
    await entry.getByRole('button', { name: /^(Accept|Accepter)/ }).click();
    await riley.getByRole('heading', { name: new RegExp(`(Chat with|Clavardage avec) ${name}`) }).waitFor();
    return frame;
  };

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
    await test.server.services.auth.createAccount({
      ...RILEY,
      role: 'agent',
      languages: ['en', 'fr'],
      queueIds: DEMO_QUEUES.map((queue) => queue.id),
      maxConcurrentChats: 5,
    });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await test?.close();
  });

  it('shows the citizen "un agent" while no public name is approved, never the display name', async () => {
    riley = await signInAs(RILEY.email, RILEY.password);
    await riley.getByRole('radio', { name: 'Available' }).check();
    await expect.poll(() => riley.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);
    const frame = await citizenChat('fr', 'Luc');
    await frame.getByRole('status').filter({ hasText: 'Vous clavardez avec un agent.' }).waitFor();
    expect(await frame.getByText(/Okonkwo|Riley/).count()).toBe(0);
  }, 60_000);

  it('has the manager see a proposal arrive while the Accounts page is open; a bad name is refused beside its field', async () => {
    morgan = await signInAs('manager@demo.test', demoPassword('manager@demo.test'));
    await morgan.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Accounts' }).click();
    const requests = morgan.getByRole('region', { name: 'Public names to approve' });
    await requests.getByText('No public name is waiting for a decision.').waitFor();

    await riley.getByRole('link', { name: 'My account' }).click();
    await riley.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    const panel = riley.getByRole('region', { name: 'The name citizens see' });
    await panel.getByText('Citizens now see “an agent”.').waitFor();
    const field = panel.getByRole('textbox', { name: 'First name or alias' });
    await field.fill('riley@example.test');
    await panel.getByRole('button', { name: 'Propose' }).click();
    await panel.getByText('Use letters, spaces, hyphens, apostrophes and periods only: no digits, no email.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectNoAxeViolations(riley, 'account page, a refused public name');

    await field.fill(' Riley ');
    await panel.getByRole('button', { name: 'Propose' }).click();
    await panel.getByRole('status').filter({ hasText: 'Proposed. A manager will approve or decline it.' }).waitFor();
    await panel.getByText('“Riley” is waiting for a manager’s approval.').waitFor();

    // No reload: the manager's page heard of it.
    const pending = requests.getByRole('row').filter({ has: morgan.getByRole('rowheader', { name: /^Riley Okonkwo-Tremblay/ }) });
    await pending.getByRole('cell', { name: 'Riley', exact: true }).waitFor();
    await expectNoAxeViolations(morgan, 'accounts page with a public name to approve');
  }, 60_000);

  it('approves it; the agent’s page says so and citizens read it in English and in French', async () => {
    const requests = morgan.getByRole('region', { name: 'Public names to approve' });
    await requests.getByRole('button', { name: 'Approve “Riley” for Riley Okonkwo-Tremblay' }).click();
    await morgan.getByRole('status').filter({ hasText: '“Riley” approved: citizens now see it for Riley Okonkwo-Tremblay.' }).waitFor();
    await requests.getByText('No public name is waiting for a decision.').waitFor();
    await morgan.getByRole('table', { name: 'Accounts, active first' }).getByRole('rowheader', { name: /^Riley Okonkwo-Tremblay.*Public name: Riley/ }).waitFor();

    const panel = riley.getByRole('region', { name: 'The name citizens see' });
    await panel.getByText('Citizens now see “Riley”.').waitFor();
    await expectNoAxeViolations(riley, 'account page, a public name approved');

    await riley.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Chats' }).click();
    const english = await citizenChat('en', 'Marie');
    await english.getByRole('status').filter({ hasText: 'You are chatting with Riley.' }).waitFor();
    const french = await citizenChat('fr', 'Élise');
    await french.getByRole('status').filter({ hasText: 'Vous clavardez avec Riley.' }).waitFor();

    await riley.getByLabel('Message', { exact: true }).fill('Bonjour Élise, ici Riley.');
    await riley.getByRole('button', { name: 'Send' }).click();
    const log = french.getByRole('log', { name: 'Messages' });
    await log.getByText('Bonjour Élise, ici Riley.').waitFor();
    expect(await french.getByText(/Okonkwo/).count()).toBe(0);

    // The citizen writes a social insurance number: the console shows a readable label, in its language.
    await french.getByLabel('Votre message').fill('Mon NAS est 046 454 286, merci.');
    await french.getByLabel('Votre message').press('Enter');
    const consoleLog = riley.getByRole('log', { name: 'Messages' });
    const marker = consoleLog.locator('.redaction-marker');
    await marker.filter({ hasText: '[SIN removed]' }).waitFor();
    expect(await consoleLog.getByText(/\[redacted:/).count()).toBe(0);
    expect(await consoleLog.getByText(/046 454 286/).count()).toBe(0);
    expect(await marker.getAttribute('title')).toBe('Removed automatically to protect the citizen’s privacy');
    await expectNoAxeViolations(riley, 'console, a message with an identifier removed');
    await riley.getByRole('button', { name: 'Français' }).click();
    await marker.filter({ hasText: '[NAS retiré]' }).waitFor();
    await expectNoAxeViolations(riley, 'console in French, a message with an identifier removed');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
