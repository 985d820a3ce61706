/**
 * Single sign-on in Chromium (issue #9, point 2): the console's sign-in page offers "Sign in with
 * your organisation's account", reached and used from the keyboard, through a real OpenID Connect
 * provider's pages (`oidc-provider`) back to the console, signed in; a refusal comes back as a
 * readable message in both languages; axe-core finds no violation on the page in either state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { listenTestProvider, OIDC_CLIENT, type TestProvider } from '../support/oidc-provider.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('single sign-on, in Chromium', () => {
  let provider: TestProvider;
  let chat: TestServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    provider = await listenTestProvider();
    chat = await startTestServer({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: OIDC_CLIENT.id, OIDC_CLIENT_SECRET: OIDC_CLIENT.secret });
    provider.start(`${chat.url}/api/auth/sso/callback`);
    provider.people.set('lead', { email: MANAGER.email, email_verified: true });
    provider.people.set('stranger', { email: 'nobody-here@example.test', email_verified: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await chat?.close();
    await provider?.close();
  });

  async function newPage(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  const expectNoAxeViolations = async (page: Page, where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  /** At the provider's development pages: the sign-in form, then consent. */
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer) && url.pathname.startsWith('/interaction/'));
    await page.locator('button[type="submit"]').click();
  }

  it('signs a manager in from the keyboard through the provider and back to the console', async () => {
    const page = await newPage();
    await page.goto(`${chat.url}/console/`);
    const link = page.getByRole('link', { name: 'Sign in with your organisation’s account' });
    await link.waitFor();
    // Both ways in while password sign-in is on.
    await page.getByRole('textbox', { name: 'Email' }).waitFor();
    await expectNoAxeViolations(page, 'sign-in page with single sign-on');

    // Tab reaches the link (after the language switch), Enter follows it.
    for (let presses = 0; presses < 10; presses += 1) {
      await page.keyboard.press('Tab');
      if (await link.evaluate((element) => element === document.activeElement)) break;
    }
    expect(await link.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');

    await signInAtProvider(page, 'lead');
    await page.waitForURL(`${chat.url}/console/`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('says why it was refused, in English and in French, and drops the code from the address', async () => {
    const page = await newPage();
    await page.goto(`${chat.url}/console/`);
    await page.getByRole('link', { name: 'Sign in with your organisation’s account' }).click();
    await signInAtProvider(page, 'stranger');
    await page.getByRole('alert').filter({ hasText: 'has no active account in this console' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await expectNoAxeViolations(page, 'sign-in page after a refused single sign-on');

    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('alert').filter({ hasText: 'ne correspond à aucun compte actif' }).waitFor();
    await page.getByRole('link', { name: 'Se connecter avec le compte de votre organisation' }).waitFor();
    await expectNoAxeViolations(page, 'sign-in page in French after a refused single sign-on');
    expect(pageErrors).toEqual([]);
  });

  it('offers only the organisation’s account when password sign-in is off', async () => {
    const closed = await startTestServer({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      PASSWORD_SIGN_IN: 'off',
    });
    try {
      const page = await newPage();
      await page.goto(`${closed.url}/console/`);
      await page.getByText('Sign in with your organisation’s account.').waitFor();
      await page.getByRole('link', { name: 'Sign in with your organisation’s account' }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Email' }).count()).toBe(0);
      expect(await page.getByLabel('Password').count()).toBe(0);
      await expectNoAxeViolations(page, 'sign-in page, single sign-on only');
      expect(pageErrors).toEqual([]);
    } finally {
      await closed.close();
    }
  });
});
