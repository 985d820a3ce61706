/**
 * The Accounts page in Chromium (issue #9, points 1 and 7, and its browser test): the demo manager
 * Morgan creates an agent, copies the one-time link; the newcomer opens it in another browser,
 * sets a password, signs in, becomes available and answers a chat a citizen starts on the demo
 * page. Refusals are shown beside their field (an email taken, the last-manager rule), deactivation
 * asks first and puts focus back; the agent cannot open the Accounts page, and changes their own
 * password (refusals beside the fields); a deactivated account is reactivated with a fresh link. axe-core finds nothing on the Accounts page and the
 * change-password page, in English and French. Controls are found by role and accessible name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const ROBIN = { email: 'robin@example.test', name: 'Robin', password: 'Un matin au bord du fleuve' };
const SCREENSHOT = process.env.ACCOUNTS_SCREENSHOT ?? '/tmp/admin-accounts-page.png';

describe.skipIf(!chromiumAvailable)('the Accounts page, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let morgan: Page;
  let robin: Page;
  let link: string;
  const pageErrors: string[] = [];

  /** A demo account's one-time password, as the server printed it at start. */
  const demoPassword = (email: string) => test.server.seeded.demoAccounts.find((account) => account.email === email)!.password;

  const newPage = async (who: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-CA' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${who}: ${message.text()}`);
    });
    return page;
  };

  const signInAs = async (email: string, password: string, path = '/console'): Promise<Page> => {
    const page = await newPage(email);
    await page.goto(`${test.url}${path}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  };

  beforeAll(async () => {
    test = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await test?.close();
  });

  const expectNoAxeViolations = async (page: Page, where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  const form = (page: Page) => page.getByRole('region', { name: /^(Create an account|Edit .*’s account)$/ });
  const table = (page: Page) => page.getByRole('table', { name: /^(Accounts, active first|Comptes, les actifs d’abord)$/ });
  const row = (page: Page, name: string) => table(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });

  it('is a page of its own for managers, reached from the navigation, with every account listed', async () => {
    morgan = await signInAs('manager@demo.test', demoPassword('manager@demo.test'));
    await morgan.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Accounts' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    expect(new URL(morgan.url()).pathname).toBe('/console/admin/accounts');
    expect(await morgan.title()).toBe('Accounts – Chat console');
    await row(morgan, 'Camille').waitFor();
    const camille = await row(morgan, 'Camille').getByRole('cell').allTextContents();
    expect(camille.slice(0, 4)).toEqual(['agent-fr@demo.test', 'Agent', 'French', 'General questions (French), Permits (French)']);
    expect(camille[4]).toMatch(/^\d+$/);
    expect(camille[5]).toMatch(/^Active/);
    expect(await row(morgan, 'Morgan').getByRole('cell').nth(1).textContent()).toBe('Manager');
    // One cannot deactivate oneself: no such button on one's own row.
    expect(await row(morgan, 'Morgan').getByRole('button', { name: /^Deactivate/ }).count()).toBe(0);
    // The form offers the queues the console knows.
    await form(morgan).getByRole('group', { name: 'Queues they serve' }).getByRole('checkbox', { name: 'Permits (English)' }).waitFor();
    await expectNoAxeViolations(morgan, 'accounts page, English');
    await morgan.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('says what a new account is missing, beside each field', async () => {
    await form(morgan).getByRole('button', { name: 'Create account' }).click();
    const email = form(morgan).getByRole('textbox', { name: 'Email' });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    await form(morgan).getByText('Enter their email.').waitFor();
    await form(morgan).getByText('Enter a display name.').waitFor();
    // Focus goes to the first field to correct.
    await expect.poll(() => morgan.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('email');
    await expectNoAxeViolations(morgan, 'accounts page, form refused');
  });

  it('creates an agent and shows the one-time link, with a copy button and when it expires', async () => {
    await contexts[0]!.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: test.url });
    const create = form(morgan);
    await create.getByRole('textbox', { name: 'Email' }).fill(ROBIN.email);
    await create.getByRole('textbox', { name: 'Display name' }).fill(ROBIN.name);
    await create.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Agent' });
    await create.getByRole('group', { name: 'Languages they chat in' }).getByRole('checkbox', { name: 'French' }).uncheck();
    await create.getByRole('group', { name: 'Queues they serve' }).getByRole('checkbox', { name: 'Permits (English)' }).check();
    await create.getByRole('group', { name: 'Queues they serve' }).getByRole('checkbox', { name: 'General questions (English)' }).check();
    await create.getByRole('spinbutton', { name: 'Chat limit' }).fill('2');
    await create.getByRole('button', { name: 'Create account' }).click();

    await morgan.getByRole('status').filter({ hasText: 'Robin’s account is created.' }).waitFor();
    const panel = morgan.getByRole('region', { name: 'One-time link for Robin' });
    await panel.waitFor();
    // The link is what the manager came for: focus is on its heading.
    await expect.poll(() => morgan.evaluate(() => document.activeElement?.textContent)).toBe('One-time link for Robin');
    link = await panel.getByRole('textbox', { name: 'One-time link' }).inputValue();
    expect(link).toMatch(/^https?:\/\/[^/]+\/set-password\?token=/);
    await panel.getByText(/^The link expires .+\. After that, reset the password for a new one\.$/).waitFor();
    await panel.getByRole('button', { name: 'Copy link' }).click();
    await panel.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
    expect(await morgan.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const robinRow = row(morgan, 'Robin');
    await robinRow.waitFor();
    const cells = await robinRow.getByRole('cell').allTextContents();
    expect(cells.slice(0, 3)).toEqual([ROBIN.email, 'Agent', 'English']);
    expect(cells[3]!.split(', ').sort()).toEqual(['General questions (English)', 'Permits (English)']);
    expect(cells.slice(4, 6)).toEqual(['2', 'ActivePassword not set yet']);
    await expectNoAxeViolations(morgan, 'accounts page, a link shown');
  });

  it('shows an email already taken beside the email', async () => {
    const create = form(morgan);
    await create.getByRole('textbox', { name: 'Email' }).fill(ROBIN.email);
    await create.getByRole('textbox', { name: 'Display name' }).fill('Robin again');
    await create.getByRole('button', { name: 'Create account' }).click();
    await create.getByText('An account with this email exists already.').waitFor();
    expect(await create.getByRole('textbox', { name: 'Email' }).getAttribute('aria-invalid')).toBe('true');
    expect(await create.getByRole('textbox', { name: 'Email' }).getAttribute('aria-describedby')).toContain('problem');
  });

  it('deactivates after asking, puts focus back, and keeps the last manager from demoting themselves', async () => {
    // The other managers: the bootstrap one (named after its email) and the demo's Jordan.
    await row(morgan, 'lead').getByRole('button', { name: 'Deactivate lead' }).click();
    await morgan.getByRole('dialog', { name: 'Deactivate lead’s account?' }).getByRole('button', { name: 'Deactivate account' }).click();
    await expect.poll(() => row(morgan, 'lead').getByRole('cell').nth(5).textContent()).toBe('Deactivated');

    const jordan = row(morgan, 'Jordan');
    await jordan.getByRole('button', { name: 'Deactivate Jordan' }).click();
    const dialog = morgan.getByRole('dialog', { name: 'Deactivate Jordan’s account?' });
    await dialog.waitFor();
    // Cancel first: nothing happens, focus goes back to the button that opened it.
    await morgan.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => morgan.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Deactivate Jordan');
    await morgan.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Deactivate account' }).click();
    await dialog.waitFor({ state: 'detached' });
    await morgan.getByRole('status').filter({ hasText: /Jordan’s account is deactivated/ }).waitFor();
    await expect.poll(() => row(morgan, 'Jordan').getByRole('cell').nth(5).textContent()).toBe('Deactivated');
    // The button went with the account: focus is on the page's heading rather than lost.
    await expect.poll(() => morgan.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    // Morgan is now the last active manager.
    await row(morgan, 'Morgan').getByRole('button', { name: 'Edit Morgan' }).click();
    const edit = morgan.getByRole('region', { name: 'Edit Morgan’s account' });
    // The form is below the list: focus goes to its first field.
    await expect.poll(() => morgan.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('Morgan');
    await edit.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Supervisor' });
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByText('This is the last active manager: give another account the manager role first.').waitFor();
    expect(await edit.getByRole('combobox', { name: 'Role' }).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(morgan, 'accounts page, the last-manager refusal');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await form(morgan).getByRole('heading', { name: 'Create an account' }).waitFor();
    await expect.poll(() => morgan.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit Morgan');
  });

  it('lets the newcomer set a password through the link, in a browser of their own', async () => {
    const newcomer = await newPage('newcomer');
    await newcomer.goto(link);
    await newcomer.getByLabel(/New password.*Nouveau mot de passe/).fill(ROBIN.password);
    await newcomer.getByRole('button', { name: /Set password/ }).click();
    await newcomer.getByRole('status').filter({ hasText: /Your password is set/ }).waitFor();
    // The page reads the list each time it is opened: away to Chats, and back with the browser's button.
    await morgan.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Chats' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Chats' }).waitFor({ state: 'attached' });
    await morgan.goBack();
    await morgan.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    expect(new URL(morgan.url()).pathname).toBe('/console/admin/accounts');
    await expect.poll(() => row(morgan, 'Robin').getByRole('cell').nth(5).textContent()).toBe('Active');
  });

  it('signs the agent in; they become available and answer a citizen’s chat from the demo page', async () => {
    robin = await signInAs(ROBIN.email, ROBIN.password);
    await robin.getByRole('radio', { name: 'Available' }).check();
    await expect.poll(() => robin.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);

    const citizen = await newPage('citizen');
    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: /Chat with us/ }).click();
    const frame = citizen.frameLocator('iframe[title="Chat with an agent"]');
    await frame.getByLabel('First name (optional)').fill('Marie');
    await frame.getByRole('radio', { name: 'Permits and licences' }).check();
    await frame.getByRole('button', { name: 'Start chat' }).click();

    const waiting = robin.getByRole('region', { name: 'Waiting chats' });
    await waiting.getByText('Permits and licences').waitFor();
    await waiting.getByRole('button', { name: /^Accept/ }).first().click();
    await robin.getByRole('heading', { name: 'Chat with Marie' }).waitFor();
    // No public name approved yet: the citizen reads "an agent", not the account's display name.
    await frame.getByRole('status').filter({ hasText: 'You are chatting with an agent.' }).waitFor();
    await robin.getByLabel('Message', { exact: true }).fill('Hello Marie, Robin here. How can I help?');
    await robin.getByRole('button', { name: 'Send' }).click();
    await frame.getByRole('log', { name: 'Messages' }).getByText('Hello Marie, Robin here. How can I help?').waitFor();
  });

  it('keeps the agent out of the Accounts page, saying it is not for their role', async () => {
    expect(await robin.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Accounts' }).count()).toBe(0);
    const page = await signInAs(ROBIN.email, ROBIN.password, '/console/admin/accounts');
    await page.getByRole('heading', { level: 1, name: 'You cannot open this page' }).waitFor();
    await page.getByText('Accounts is not part of your role. Ask a manager if you need it.').waitFor();
    expect(await page.getByRole('table', { name: 'Accounts, active first' }).count()).toBe(0);
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  });

  it('lets the agent change their own password, with refusals beside the fields', async () => {
    await robin.getByRole('link', { name: 'My account' }).click();
    await robin.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    expect(new URL(robin.url()).pathname).toBe('/console/account');
    expect(await robin.title()).toMatch(/^My account – Chat console/);
    await expectNoAxeViolations(robin, 'change-password page, English');

    const current = robin.getByLabel('Current password');
    const fresh = robin.getByLabel('New password', { exact: true });
    const again = robin.getByLabel('New password again');
    await current.fill('not my password at all');
    await fresh.fill('A quiet walk in the snow');
    await again.fill('A quiet walk in the snow');
    await robin.getByRole('button', { name: 'Change password' }).click();
    await robin.getByText('Your current password is not right.').waitFor();
    expect(await current.getAttribute('aria-invalid')).toBe('true');

    await current.fill(ROBIN.password);
    await fresh.fill('password1234');
    await again.fill('password1234');
    await robin.getByRole('button', { name: 'Change password' }).click();
    await robin.getByText('This password is too common, or is your email. Choose another.').waitFor();
    expect(await fresh.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(robin, 'change-password page, a refusal');

    await fresh.fill('A quiet walk in the snow');
    await again.fill('A quiet walk in the snow');
    await robin.getByRole('button', { name: 'Change password' }).click();
    await robin.getByRole('status').filter({ hasText: 'Your password is changed.' }).waitFor();
    await signInAs(ROBIN.email, 'A quiet walk in the snow').then((page) => page.getByRole('radio', { name: 'Available' }).waitFor());
  });

  it('speaks French on both pages, axe clean', async () => {
    await robin.getByRole('button', { name: 'Français' }).click();
    await robin.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    await robin.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await robin.getByText('Entrez votre mot de passe actuel.').waitFor();
    await expectNoAxeViolations(robin, 'change-password page, French');

    await morgan.getByRole('button', { name: 'Français' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Comptes' }).waitFor();
    await morgan.getByRole('table', { name: 'Comptes, les actifs d’abord' }).getByRole('rowheader', { name: /^Robin/ }).waitFor();
    await row(morgan, 'Robin').getByRole('button', { name: 'Réinitialiser le mot de passe de Robin' }).click();
    await morgan.getByRole('region', { name: 'Lien à usage unique pour Robin' }).waitFor();
    await expectNoAxeViolations(morgan, 'accounts page, French, a new link');
  });

  it('reactivates a deactivated account with a fresh one-time link', async () => {
    await morgan.getByRole('button', { name: 'English' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await row(morgan, 'Jordan').getByRole('button', { name: 'Reactivate Jordan' }).click();
    await morgan.getByRole('status').filter({ hasText: /Jordan’s account is active again/ }).waitFor();
    const panel = morgan.getByRole('region', { name: 'One-time link for Jordan' });
    expect(await panel.getByRole('textbox', { name: 'One-time link' }).inputValue()).toMatch(/\/set-password\?token=/);
    await expect.poll(() => row(morgan, 'Jordan').getByRole('cell').nth(5).textContent()).toBe('ActivePassword not set yet');
    await expectNoAxeViolations(morgan, 'accounts page, a reactivated account');
  });

  it('raised no script errors', () => {
    // Sign-in checks answer 401 before anyone signs in; the browser logs that as a failed load.
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
