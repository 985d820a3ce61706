/**
 * The production walk-through of README.md (issue #9, point 8), in Chromium: a server started with
 * NODE_ENV=production on an empty Redis of its own knows only the bootstrap manager. Through the
 * console alone, the manager creates two queues, a site whose allowed origin is a separate static
 * page server (another port of 127.0.0.1), copies the site's embed snippet into that page, checks
 * that the widget is offered there (and why not elsewhere), and creates an agent. The agent sets a
 * password through the one-time link, signs in and becomes available; a citizen on the page starts
 * a chat; the agent answers; the citizen sees the answer. axe-core finds nothing on the Sites and
 * Queues pages, in English and French, problems shown included.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

const BOOTSTRAP = { email: 'director@northvale.example', password: 'Bootstrap passphrase for the pilot' };
const SCREENSHOT = process.env.SITES_SCREENSHOT ?? '/tmp/admin-sites-page.png';
const AGENT = { email: 'robin@northvale.example', name: 'Robin', password: 'Un matin au bord du fleuve' };

/** The department's own page: nothing of ours but the snippet the manager copied. */
function departmentPage(snippet: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Northvale permits</title><link rel="icon" href="data:,"></head>
<body><main><h1>Permits</h1><p>Apply for a permit online.</p></main>
${snippet}
</body>
</html>`;
}

describe.skipIf(!chromiumAvailable)('the production walk-through, in Chromium', () => {
  let redis: TestRedis;
  let chat: ServerProcess;
  let pageServer: Server;
  let pageOrigin: string;
  let snippet = '';
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let manager: Page;
  let agent: Page;
  let link: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    chat = await startServerProcess(redis.url, {
      NODE_ENV: 'production',
      RETENTION_DAYS: '30',
      SESSION_SECRET: 'production-walkthrough-secret-long-enough',
      BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP.email,
      BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP.password,
    });
    const port = await freePort();
    pageOrigin = `http://127.0.0.1:${port}`;
    pageServer = createServer((request, response) => {
      if (request.url !== '/' || snippet === '') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(departmentPage(snippet));
    });
    await new Promise<void>((resolve) => pageServer.listen(port, '127.0.0.1', resolve));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
    await killAllServerProcesses();
    await redis?.destroy();
  });

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

  const signInAs = async (page: Page, email: string, password: string) => {
    await page.goto(`${chat.url}/console`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  const expectNoAxeViolations = async (page: Page, where: string) => {
    const violations = await axeViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };
  const nav = (page: Page) => page.getByRole('navigation', { name: /^(Console sections|Sections de la console)$/ });

  it('starts in production with nothing but the bootstrap manager, who signs in', async () => {
    // Production serves no demo page: the root sends people to the console.
    const root = await fetch(`${chat.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console');
    manager = await newPage('manager');
    await signInAs(manager, BOOTSTRAP.email, BOOTSTRAP.password);
    await nav(manager).getByRole('link', { name: 'Queues' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Queues' }).waitFor();
    expect(new URL(manager.url()).pathname).toBe('/console/admin/queues');
    expect(await manager.title()).toBe('Queues – Chat console');
    await manager.getByText('No queue yet. Create the first one with the form.').waitFor();
  });

  it('creates a queue per language on the Queues page, saying what is missing first', async () => {
    const form = manager.getByRole('region', { name: 'Create a queue' });
    await form.getByRole('button', { name: 'Create queue' }).click();
    await form.getByText('Enter an id.').waitFor();
    await form.getByText('Enter the name in French.').waitFor();
    expect(await form.getByRole('textbox', { name: 'Queue id' }).getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(manager, 'queues page, problems shown');

    for (const queue of [
      { id: 'permits-en', en: 'Permits', fr: 'Permis (anglais)', language: 'English' },
      { id: 'permits-fr', en: 'Permits (French)', fr: 'Permis', language: 'French' },
    ]) {
      await form.getByRole('textbox', { name: 'Queue id' }).fill(queue.id);
      await form.getByRole('group', { name: 'Queue name' }).getByRole('textbox', { name: 'In English' }).fill(queue.en);
      await form.getByRole('group', { name: 'Queue name' }).getByRole('textbox', { name: 'In French' }).fill(queue.fr);
      await form.getByRole('combobox', { name: 'Language of its chats' }).selectOption({ label: queue.language });
      await form.getByRole('radio', { name: /^Agents pick/ }).check();
      await form.getByRole('button', { name: 'Create queue' }).click();
      await manager.getByRole('status').filter({ hasText: `The queue ${queue.en} is created.` }).waitFor();
    }
    const table = manager.getByRole('table', { name: 'Queues' });
    await table.getByRole('rowheader', { name: 'Permits (French)' }).waitFor();
    const row = table.getByRole('row').filter({ has: manager.getByRole('rowheader', { name: 'Permits', exact: true }) });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['permits-en', 'English', 'Agents pick', 'None', 'Edit']);
    await expectNoAxeViolations(manager, 'queues page, two queues');
  });

  it('creates a site with the department’s origin, its problems beside the fields first', async () => {
    await nav(manager).getByRole('link', { name: 'Sites' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    expect(new URL(manager.url()).pathname).toBe('/console/admin/sites');
    const form = manager.getByRole('region', { name: 'Create a site' });
    await form.getByRole('textbox', { name: 'Site id' }).fill('permits');
    await form.getByRole('group', { name: 'Site name' }).getByRole('textbox', { name: 'In English' }).fill('Northvale permits');
    await form.getByRole('group', { name: 'Site name' }).getByRole('textbox', { name: 'In French' }).fill('Permis de Northvale');
    // An origin with a path, as one might paste it: refused beside the field, with the fix.
    await form.getByRole('textbox', { name: 'Allowed origins' }).fill(`${pageOrigin}/permits`);
    await form.getByRole('button', { name: 'Create site' }).click();
    await form.getByText(`${pageOrigin}/permits is not written as browsers send it: write ${pageOrigin} (no path, lower case, no default port).`).waitFor();
    await form.getByText('Topic 1: choose a queue for chats in English.').waitFor();
    await expect.poll(() => manager.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLElement | null)?.id)).toMatch(/origins$/);
    await expectNoAxeViolations(manager, 'sites page, problems shown');

    await form.getByRole('textbox', { name: 'Allowed origins' }).fill(pageOrigin);
    const topic = form.getByRole('group', { name: 'Topic 1' });
    await topic.getByRole('textbox', { name: 'Topic id' }).fill('permits');
    await topic.getByRole('textbox', { name: 'Label in English' }).fill('Permits and licences');
    await topic.getByRole('textbox', { name: 'Label in French' }).fill('Permis et licences');
    await topic.getByRole('combobox', { name: 'Queue for chats in English' }).selectOption('permits-en');
    await topic.getByRole('combobox', { name: 'Queue for chats in French' }).selectOption('permits-fr');
    // Hours around the clock: the walk-through must not depend on when it runs. Another way to reach the service.
    await form.getByRole('button', { name: 'Add another way' }).click();
    const way = form.getByRole('group', { name: 'Other way 1' });
    await way.getByRole('textbox', { name: 'Text in English' }).fill('Call 1-800-555-0100');
    await way.getByRole('textbox', { name: 'Text in French' }).fill('Composez le 1-800-555-0100');
    await way.getByRole('textbox', { name: 'Link in English (optional)' }).fill('tel:+18005550100');
    await way.getByRole('textbox', { name: 'Link in French (optional)' }).fill('tel:+18005550100');
    await form.getByRole('button', { name: 'Create site' }).click();
    await manager.getByRole('status').filter({ hasText: 'The site Northvale permits is created.' }).waitFor();
    await manager.getByRole('heading', { level: 2, name: 'Northvale permits', exact: true }).waitFor();
  });

  it('shows the embed snippet with a copy button, and the live check in words', async () => {
    await contexts[0]!.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: chat.url });
    const view = manager.getByRole('region', { name: 'Northvale permits' });
    const shown = await view.getByRole('textbox', { name: 'Embed snippet for Northvale permits' }).inputValue();
    expect(shown).toBe(`<script src="${chat.url}/widget.js" data-site="permits" async></script>`);
    await view.getByRole('button', { name: 'Copy snippet' }).click();
    await view.getByRole('status').filter({ hasText: 'Snippet copied.' }).waitFor();
    snippet = await manager.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toBe(shown);

    // Elsewhere: not offered, and why.
    const url = view.getByRole('textbox', { name: 'Page address' });
    expect(await url.inputValue()).toBe(`${pageOrigin}/`);
    await url.fill('https://elsewhere.example/');
    await view.getByRole('button', { name: 'Check' }).click();
    await view.getByText('No: the widget is not offered on this page now, because:').waitFor();
    await view.getByText('https://elsewhere.example is not among the site’s allowed origins.').waitFor();
    // The department's page: offered.
    await url.fill(`${pageOrigin}/`);
    await view.getByRole('button', { name: 'Check' }).click();
    await view.getByText(`Yes: the widget is offered on ${pageOrigin} now.`).waitFor();
    await expectNoAxeViolations(manager, 'sites page, the site opened and checked');
    await manager.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('creates the agent on the Accounts page, for both queues', async () => {
    await nav(manager).getByRole('link', { name: 'Accounts' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    const form = manager.getByRole('region', { name: 'Create an account' });
    await form.getByRole('textbox', { name: 'Email' }).fill(AGENT.email);
    await form.getByRole('textbox', { name: 'Display name' }).fill(AGENT.name);
    await form.getByRole('checkbox', { name: 'Permits', exact: true }).check();
    await form.getByRole('checkbox', { name: 'Permits (French)' }).check();
    await form.getByRole('button', { name: 'Create account' }).click();
    const panel = manager.getByRole('region', { name: `One-time link for ${AGENT.name}` });
    link = await panel.getByRole('textbox', { name: 'One-time link' }).inputValue();
    expect(link.startsWith(`${chat.url}/set-password?token=`)).toBe(true);
    // The queue now lists its member.
    await nav(manager).getByRole('link', { name: 'Queues' }).click();
    const row = manager.getByRole('table', { name: 'Queues' }).getByRole('row').filter({ has: manager.getByRole('rowheader', { name: 'Permits', exact: true }) });
    await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe(AGENT.name);
  });

  it('lets the agent set a password through the link, sign in and become available', async () => {
    agent = await newPage('agent');
    await agent.goto(link);
    await agent.getByLabel(/New password.*Nouveau mot de passe/).fill(AGENT.password);
    await agent.getByRole('button', { name: /Set password/ }).click();
    await agent.getByRole('status').filter({ hasText: /Your password is set/ }).waitFor();
    await signInAs(agent, AGENT.email, AGENT.password);
    await agent.getByRole('radio', { name: 'Available' }).check();
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);
  });

  it('gives a citizen on the department’s page a chat the agent answers', async () => {
    const citizen = await newPage('citizen');
    await citizen.goto(`${pageOrigin}/`);
    await citizen.getByRole('button', { name: /Chat with us/ }).click();
    const frame = citizen.frameLocator('iframe[title="Chat with an agent"]');
    await frame.getByLabel('First name (optional)').fill('Marie');
    await frame.getByRole('radio', { name: 'Permits and licences' }).check();
    await frame.getByRole('button', { name: 'Start chat' }).click();

    const waiting = agent.getByRole('region', { name: 'Waiting chats' });
    await waiting.getByText('Permits and licences').waitFor();
    await waiting.getByRole('button', { name: /^Accept/ }).first().click();
    await agent.getByRole('heading', { name: 'Chat with Marie' }).waitFor();
    // Robin has proposed no public name: the citizen reads "an agent", never the account's name.
    await frame.getByRole('status').filter({ hasText: 'You are chatting with an agent.' }).waitFor();
    await agent.getByLabel('Message', { exact: true }).fill('Hello Marie, Robin here. Which permit do you need?');
    await agent.getByRole('button', { name: 'Send' }).click();
    await frame.getByRole('log', { name: 'Messages' }).getByText('Hello Marie, Robin here. Which permit do you need?').waitFor();
  });

  it('speaks French on the Sites and Queues pages, axe clean', async () => {
    await manager.getByRole('button', { name: 'Français' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Files d’attente' }).waitFor();
    await manager.getByRole('table', { name: 'Files d’attente' }).getByRole('button', { name: 'Modifier Permis', exact: true }).click();
    await manager.getByRole('region', { name: 'Modifier Permis' }).waitFor();
    await expectNoAxeViolations(manager, 'queues page, French, editing');

    await nav(manager).getByRole('link', { name: 'Sites' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    await manager.getByRole('button', { name: 'Ouvrir Permis de Northvale' }).click();
    const view = manager.getByRole('region', { name: 'Permis de Northvale' });
    await view.getByRole('button', { name: 'Vérifier' }).click();
    await view.getByText(`Oui\u00a0: le module est offert sur ${pageOrigin} maintenant.`).waitFor();
    const form = manager.getByRole('region', { name: 'Modifier Permis de Northvale' });
    await form.getByRole('checkbox', { name: 'Le clavardage a des heures d’ouverture (sinon\u00a0: ouvert jour et nuit)' }).check();
    await form.getByRole('textbox', { name: 'Mardi' }).fill('midi');
    await form.getByRole('button', { name: 'Enregistrer les changements' }).click();
    await form.getByText('Mardi\u00a0: écrivez les périodes comme 08:30-12:00, 13:00-16:30, chacune dans la journée.').waitFor();
    await expectNoAxeViolations(manager, 'sites page, French, a problem shown');
    // Corrected, it saves: the site has hours now, Tuesday afternoons only.
    await form.getByRole('textbox', { name: 'Mardi' }).fill('12:00-16:00');
    await form.getByRole('button', { name: 'Enregistrer les changements' }).click();
    await manager.getByRole('status').filter({ hasText: 'Le site Permis de Northvale est enregistré.' }).waitFor();
    expect(await form.getByRole('textbox', { name: 'Mardi' }).inputValue()).toBe('12:00-16:00');
  });

  it('raised no script errors', () => {
    // Sign-in checks answer 401 before anyone signs in; the browser logs that as a failed load.
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
