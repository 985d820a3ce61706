/**
 * The Rollout page in Chromium (issue #8, point 9 and its browser test): the demo manager Morgan
 * narrows chat to 5 % (applied at once), then proposes 25 % (it waits: Morgan cannot approve it,
 * and is told why); the second demo manager Jordan, in another browser, approves it; both pages
 * show 25 % (Morgan's live, from the push event); the audit names who did what and who approved;
 * the preview explains a visitor's verdict (bucket against share); axe-core finds nothing in
 * English or French; a supervisor reads it without a way to change it; an agent cannot open it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { rolloutBucket } from '../../server/domain/rollout.js';
import { axeViolations, chromiumAvailable, launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(!chromiumAvailable)('the Rollout page, in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let morgan: Page;
  let jordan: Page;
  const pageErrors: string[] = [];

  /** A demo account's one-time password, as the server printed it at start. */
  const demoPassword = (email: string) => test.server.seeded.demoAccounts.find((account) => account.email === email)!.password;

  const openAs = async (email: string, path = '/console'): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-CA' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${email}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${email}: ${message.text()}`);
    });
    await page.goto(`${test.url}${path}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoPassword(email));
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
  const glance = (page: Page, term: string) => page.getByRole('region', { name: /^(Now|Maintenant)$/ }).locator('.glance-item').filter({ hasText: term }).locator('.glance-value');
  const pending = (page: Page) => page.getByRole('region', { name: 'Waiting for approval' });
  const form = (page: Page) => page.getByRole('region', { name: 'Propose a change' });
  const audit = (page: Page) => page.getByRole('table', { name: 'Latest entries, newest first' });

  it('is a page of its own for managers, reached from the navigation', async () => {
    morgan = await openAs('manager@demo.test');
    await morgan.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Rollout' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Rollout' }).waitFor();
    expect(new URL(morgan.url()).pathname).toBe('/console/rollout');
    expect(await morgan.title()).toBe('Rollout – Chat console');
    // The demo site starts open to everyone.
    await expect.poll(() => glance(morgan, 'Share of visitors').textContent()).toBe('100 %');
    expect(await glance(morgan, 'Chat').textContent()).toBe('Offered');
  });

  it('narrows chat to 5 % at once, from the keyboard', async () => {
    const share = form(morgan).getByRole('spinbutton', { name: 'Share of visitors (%)' });
    await share.focus();
    await morgan.keyboard.press('ControlOrMeta+a');
    await morgan.keyboard.type('5');
    await form(morgan).getByRole('textbox', { name: 'Reason (kept in the audit)' }).fill('Soft launch: start with a few visitors');
    await form(morgan).getByRole('button', { name: 'Propose change' }).focus();
    await morgan.keyboard.press('Enter');
    await morgan.getByRole('status').filter({ hasText: 'Applied.' }).waitFor();
    await expect.poll(() => glance(morgan, 'Share of visitors').textContent()).toBe('5 %');
    await expect.poll(() => pending(morgan).getByText('No change waits for approval.').count()).toBe(1);
    // The push event that echoes Morgan's own change brings nothing new: her notice stays.
    await morgan.waitForTimeout(800);
    expect(await morgan.getByRole('status').filter({ hasText: 'Applied.' }).count()).toBe(1);
  });

  it('says why a rule that leaves French out on bilingual pages is refused, beside the languages', async () => {
    await form(morgan).getByRole('checkbox', { name: 'French' }).uncheck();
    await form(morgan).getByRole('textbox', { name: 'Reason (kept in the audit)' }).fill('English only');
    await form(morgan).getByRole('button', { name: 'Propose change' }).click();
    const languages = form(morgan).getByRole('group', { name: 'Languages' });
    await languages.getByText(/Chat would be offered without French on bilingual pages/).waitFor();
    expect(await form(morgan).getByRole('checkbox', { name: 'French' }).getAttribute('aria-invalid')).toBe('true');
    await form(morgan).getByRole('checkbox', { name: 'French' }).check();
  });

  it('proposes 25 %, which waits for another manager: Morgan cannot approve it, and is told why', async () => {
    await form(morgan).getByRole('spinbutton', { name: 'Share of visitors (%)' }).fill('25');
    await form(morgan).getByRole('textbox', { name: 'Reason (kept in the audit)' }).fill('The team keeps up: widen to a quarter');
    await form(morgan).getByRole('button', { name: 'Propose change' }).click();
    await morgan.getByRole('status').filter({ hasText: 'Proposed. It waits for another manager’s approval.' }).waitFor();
    const item = pending(morgan).getByRole('listitem').filter({ hasText: /^Proposed by Morgan/ }).filter({ hasText: 'Share: 5 % → 25 %' });
    await item.waitFor();
    await item.getByText('You proposed this change: another manager approves it.').waitFor();
    expect(await pending(morgan).getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    expect(await item.getByRole('button', { name: 'Edit' }).count()).toBe(1);
    // Still 5 % until it is approved.
    expect(await glance(morgan, 'Share of visitors').textContent()).toBe('5 %');
    await expectNoAxeViolations(morgan, 'rollout page, a change waiting');
  });

  it('is approved by Jordan in another browser; the policy shows 25 % on both pages', async () => {
    jordan = await openAs('manager2@demo.test', '/console/rollout');
    await jordan.getByRole('heading', { level: 1, name: 'Rollout' }).waitFor();
    const approve = pending(jordan).getByRole('button', { name: 'Approve: Share: 5 % → 25 %' });
    await approve.waitFor();
    await approve.click();
    await jordan.getByRole('status').filter({ hasText: 'Approved.' }).waitFor();
    await expect.poll(() => glance(jordan, 'Share of visitors').textContent()).toBe('25 %');
    // Morgan's page hears the change without a reload.
    await expect.poll(() => glance(morgan, 'Share of visitors').textContent()).toBe('25 %');
    await expect.poll(() => pending(morgan).getByText('No change waits for approval.').count()).toBe(1);
    expect((await test.server.services.store.rolloutPolicies.get('demo'))?.chat.share).toBe(25);
  });

  it('shows both changes in the audit, with who, the approver and the reason', async () => {
    const rows = audit(morgan).getByRole('row');
    const narrowed = rows.filter({ hasText: 'Share: 100 % → 5 %' }).filter({ hasText: 'Applied' });
    await narrowed.waitFor();
    expect(await narrowed.getByRole('rowheader').textContent()).toBe('Morgan');
    await narrowed.getByText('Soft launch: start with a few visitors').waitFor();
    const approved = rows.filter({ hasText: 'Share: 5 % → 25 %' }).filter({ hasText: 'Approved' });
    expect(await approved.getByRole('rowheader').textContent()).toBe('Jordan');
    const widened = rows.filter({ hasText: 'Share: 5 % → 25 %' }).filter({ hasText: /^.*Applied/ });
    expect(await widened.getByRole('cell').last().textContent()).toBe('Jordan');
    await widened.getByText('The team keeps up: widen to a quarter').waitFor();
    expect(await morgan.getByRole('link', { name: 'Download the whole audit (CSV)' }).getAttribute('href')).toBe('/api/audit.csv');
  });

  it('explains a visitor’s verdict in the preview: the bucket against the share', async () => {
    // Two visitors of the demo's chat group: one whose bucket is within 25 %, one above it.
    const ids = Array.from({ length: 200 }, (_, n) => `preview-visitor-${String(n).padStart(4, '0')}`);
    const inside = ids.find((id) => rolloutBucket('chat-offer', id) <= 25)!;
    const outside = ids.find((id) => rolloutBucket('chat-offer', id) > 25)!;
    const preview = morgan.getByRole('region', { name: 'Preview' });
    await preview.getByRole('textbox', { name: 'Page address' }).fill(`${test.url}/`);
    await preview.getByRole('combobox', { name: 'Language of the page' }).selectOption('en');
    await preview.getByRole('textbox', { name: 'Visitor id (optional)' }).fill(outside);
    await preview.getByRole('button', { name: 'Preview' }).click();
    await preview.getByRole('status').getByText('Not offered: this visitor does not see the chat button.').waitFor();
    await preview.getByText(`Visitor ${outside}`).waitFor();
    const bucket = rolloutBucket('chat-offer', outside);
    const share = preview.getByRole('listitem').filter({ hasText: `This visitor’s bucket is ${bucket} of 100, above the share of 25 %.` });
    expect(await share.textContent()).toMatch(/^✗ Fails/);
    expect(await preview.getByRole('listitem').filter({ hasText: 'Chat is on.' }).textContent()).toMatch(/^✓ Passes/);

    await preview.getByRole('textbox', { name: 'Visitor id (optional)' }).fill(inside);
    await preview.getByRole('button', { name: 'Preview' }).click();
    await preview.getByRole('status').getByText('Offered: this visitor sees the chat button.').waitFor();
    await preview.getByText(`This visitor’s bucket is ${rolloutBucket('chat-offer', inside)} of 100, within the share of 25 %.`).waitFor();
    await expectNoAxeViolations(morgan, 'rollout page with a preview');
  });

  it('reads the same in French, axe-clean', async () => {
    await morgan.getByRole('button', { name: 'Français' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Déploiement' }).waitFor();
    expect(await morgan.title()).toBe('Déploiement – Console de clavardage');
    await morgan.getByRole('table', { name: 'Dernières entrées, les plus récentes d’abord' }).getByText('Part\u00a0: 5\u00a0% → 25\u00a0%').first().waitFor();
    await expectNoAxeViolations(morgan, 'rollout page in French');
    await morgan.getByRole('button', { name: 'English' }).click();
    await morgan.getByRole('heading', { level: 1, name: 'Rollout' }).waitFor();
    await expectNoAxeViolations(morgan, 'rollout page in English');
    await morgan.screenshot({ path: 'test-results/rollout-page.png', fullPage: true });
  });

  it('edits a scheduled step (its approval void), pauses and resumes the schedule, and withdraws it', async () => {
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T09:00`;
    await form(morgan).getByRole('spinbutton', { name: 'Share of visitors (%)' }).fill('50');
    await form(morgan).getByRole('textbox', { name: 'Reason (kept in the audit)' }).fill('Next step of the ramp');
    await form(morgan).getByLabel('Apply at (optional)').fill(local);
    await form(morgan).getByRole('button', { name: 'Propose change' }).click();
    const schedule = morgan.getByRole('region', { name: 'Schedule' });
    await schedule.getByRole('listitem').filter({ hasText: 'Share: 25 % → 50 %' }).first().waitFor();

    // Edit from the keyboard: focus goes to the form, which now edits the change.
    const item = pending(morgan).getByRole('listitem').filter({ hasText: /^Proposed by Morgan/ }).filter({ hasText: 'Share: 25 % → 50 %' });
    await item.getByRole('button', { name: 'Edit' }).focus();
    await morgan.keyboard.press('Enter');
    const editForm = morgan.getByRole('region', { name: 'Edit your pending change' });
    await expect.poll(() => morgan.evaluate(() => document.activeElement?.textContent)).toBe('Edit your pending change');
    await editForm.getByRole('spinbutton', { name: 'Share of visitors (%)' }).fill('40');
    await editForm.getByRole('button', { name: 'Save the edit' }).click();
    await morgan.getByRole('status').filter({ hasText: 'Saved. Any approval it had is void' }).waitFor();
    await schedule.getByRole('listitem').filter({ hasText: 'Share: 25 % → 40 %' }).first().waitFor();

    await schedule.getByRole('button', { name: 'Pause the schedule' }).click();
    await schedule.getByText('The schedule is paused: no step applies until it is resumed.').waitFor();
    await schedule.getByRole('button', { name: 'Resume the schedule' }).click();
    await schedule.getByText('The schedule is running: each step applies at its time.').waitFor();

    await pending(morgan).getByRole('listitem').filter({ hasText: /^Proposed by Morgan/ }).getByRole('button', { name: 'Withdraw' }).click();
    await schedule.getByText('No step is scheduled.').waitFor();
    const rows = audit(morgan).getByRole('row');
    for (const action of ['Edited', 'Schedule paused', 'Schedule resumed', 'Withdrawn']) await rows.filter({ hasText: action }).first().waitFor();
    expect(await glance(morgan, 'Share of visitors').textContent()).toBe('25 %');
  });

  it('turns chat off at once with the kill switch, and offers to turn it back on through an approval', async () => {
    const kill = morgan.getByRole('region', { name: 'Kill switch' });
    await kill.getByRole('button', { name: 'Turn chat off now' }).click();
    await kill.getByText('Say why.').waitFor();
    await kill.getByRole('textbox', { name: 'Why' }).fill('Outage of the benefits system');
    await kill.getByRole('button', { name: 'Turn chat off now' }).click();
    await morgan.getByRole('status').filter({ hasText: 'Chat is off for new visitors.' }).waitFor();
    await expect.poll(() => glance(morgan, 'Chat').textContent()).toBe('Off (kill switch)');
    await kill.getByRole('button', { name: 'Propose turning chat back on' }).waitFor();
    expect((await test.server.services.store.rolloutPolicies.get('demo'))?.chat.enabled).toBe(false);
    await audit(morgan).getByRole('row').filter({ hasText: 'Chat: on → off' }).filter({ hasText: 'Applied' }).waitFor();
    // Twelve entries now: the page carries the latest ten; the first two are a click away.
    await expect.poll(() => audit(morgan).getByRole('row').filter({ hasText: 'Share: 100 % → 5 %' }).count()).toBe(0);
    await morgan.getByRole('button', { name: 'Show older entries' }).click();
    await expect.poll(() => audit(morgan).getByRole('row').filter({ hasText: 'Share: 100 % → 5 %' }).count()).toBe(2);
    expect(await morgan.getByRole('button', { name: 'Show older entries' }).count()).toBe(0);
    await expectNoAxeViolations(morgan, 'rollout page, chat off');
  });

  it('shows a supervisor the rollout without a way to change it', async () => {
    const sam = await openAs('supervisor@demo.test', '/console/rollout');
    await sam.getByRole('heading', { level: 1, name: 'Rollout' }).waitFor();
    await sam.getByText('You can see the rollout; managers change it.').waitFor();
    await expect.poll(() => glance(sam, 'Share of visitors').textContent()).toBe('25 %');
    expect(await glance(sam, 'Chat').textContent()).toBe('Off (kill switch)');
    expect(await sam.getByRole('button', { name: /Propose|Approve|Withdraw|Turn chat off|Pause/ }).count()).toBe(0);
    expect(await sam.getByRole('link', { name: 'Download the whole audit (CSV)' }).count()).toBe(0);
    await expectNoAxeViolations(sam, 'rollout page, read-only');
  });

  it('cannot be opened by an agent', async () => {
    const alex = await openAs('agent@demo.test', '/console/rollout');
    await alex.getByRole('heading', { level: 1, name: 'You cannot open this page' }).waitFor();
    expect(await alex.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Rollout' }).count()).toBe(0);
    expect(await alex.getByRole('region', { name: 'Now' }).count()).toBe(0);
    await expectNoAxeViolations(alex, 'rollout page refused to an agent');
  });

  it('raised no script errors and no CSP violations', () => {
    expect(pageErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
  });
});
