/**
 * The Persona page in Chromium (issue #10): the demo manager opens it from the navigation (axe
 * clean in English and French, with its preview in each state), types a text colour that fails
 * contrast and sees the pair and its ratio and cannot save; starts from the Government of Canada
 * preset, writes a greeting and a launcher label, saves; a citizen on the demo page then sees the
 * new launcher, colours and greeting. An agent sees the site's tone notes beside a chat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('the Persona page, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let morgan: Page;
  const pageErrors: string[] = [];
  const demoPassword = (email: string) => test.server.seeded.demoAccounts.find((account) => account.email === email)!.password;

  const newPage = async (who: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-CA' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    return page;
  };
  const signInAs = async (email: string): Promise<Page> => {
    const page = await newPage(email);
    await page.goto(`${test.url}/console`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoPassword(email));
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  };
  const expectNoAxeViolations = async (page: Page, where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
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

  it('is a managers’ page in the navigation, axe clean with its preview in every state, English and French', async () => {
    morgan = await signInAs('manager@demo.test');
    await morgan.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Persona' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Persona and branding' }).waitFor();
    expect(new URL(morgan.url()).pathname).toBe('/console/admin/persona');
    await morgan.getByLabel('Brand colour (header, buttons)').waitFor();
    const preview = morgan.getByRole('region', { name: 'Preview' });
    for (const state of ['Closed (launcher)', 'Before the chat', 'Waiting in line', 'In a chat', 'Ended', 'Closed hours', 'Busy']) {
      await preview.getByRole('radio', { name: state }).check();
      await expectNoAxeViolations(morgan, `persona page, preview ${state}`);
    }
    await preview.getByRole('radio', { name: 'Waiting in line' }).check();
    await preview.getByText('You are number 3 in line.').waitFor();
    await preview.getByRole('radio', { name: 'French' }).check();
    await preview.getByText('Vous êtes le numéro 3 dans la file.').waitFor();

    await morgan.getByRole('button', { name: 'Français' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Persona et image de marque' }).waitFor();
    await morgan.getByLabel('Couleur de marque (en-tête, boutons)').waitFor();
    await expectNoAxeViolations(morgan, 'persona page, French');
    await morgan.getByRole('button', { name: 'English' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Persona and branding' }).waitFor();
  });

  it('names a failing pair with its ratio, and a template’s missing placeholder, and saves nothing then', async () => {
    await morgan.getByLabel('Text', { exact: true }).fill('#999999');
    await morgan.getByText('Text on the background: 2.84:1, under the 4.5:1 needed.').waitFor();
    const position = morgan.getByRole('group', { name: 'Place in line' }).getByLabel('French');
    await position.fill('Vous êtes dans la file.');
    await morgan.getByText('French: {position} is missing.').waitFor();
    await morgan.getByRole('button', { name: 'Save persona' }).click();
    await morgan.getByRole('alert').filter({ hasText: /Fix the \d+ problems shown before saving\./ }).waitFor();
    expect(await test.server.services.store.personas.get('demo')).toBeNull();
    await position.fill('Vous êtes le numéro {position} dans la file.');
  });

  it('starts from the Government of Canada preset, saves a greeting and a launcher label, and the widget shows them', async () => {
    await morgan.getByLabel('Start from a preset').selectOption({ label: 'Government of Canada (GC Design System)' });
    await morgan.getByRole('button', { name: 'Apply preset' }).click();
    expect(await morgan.getByLabel('Brand colour (header, buttons)').inputValue()).toBe('#26374a');
    await morgan.getByLabel('Greeting (English)').fill('Hello! I am Sam, the permits office’s chat.');
    await morgan.getByLabel('Launcher label (English)').fill('Ask Sam');
    await morgan.getByLabel('Name (English)').fill('Sam');
    await morgan.getByLabel('Tone notes for agents (not shown to citizens)').fill('Plain language, short sentences.');
    const preview = morgan.getByRole('region', { name: 'Preview' });
    await preview.getByRole('radio', { name: 'English' }).check();
    await preview.getByRole('radio', { name: 'Before the chat' }).check();
    await preview.getByText('Hello! I am Sam, the permits office’s chat.').waitFor();
    await morgan.getByRole('button', { name: 'Save persona' }).click();
    await morgan.getByText(/Persona saved \(version 1\)/).waitFor();
    expect((await test.server.services.store.personas.get('demo'))?.colours.brand).toBe('#26374a');

    // The widget's per-node cache holds a persona for a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const citizen = await newPage('citizen');
    await citizen.goto(`${test.url}/`);
    await citizen.getByRole('button', { name: 'Ask Sam' }).click();
    const frame = citizen.frameLocator('iframe[title="Chat with an agent"]');
    await frame.getByText('Hello! I am Sam, the permits office’s chat.').waitFor();
    await frame.getByRole('heading', { level: 1, name: 'Sam' }).waitFor();
    const headerColour = await frame.locator('.chat-header').evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(headerColour).toBe('rgb(38, 55, 74)');
    const frameHandle = citizen.frames().find((candidate) => candidate.url().includes('/chat/frame'))!;
    const violations = await axeViolations(frameHandle);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
