/**
 * `npm run screenshots`: the README's pictures, made from the real product so they stay current.
 * Builds the bundles if needed, starts the real server in this process (127.0.0.1, a free port,
 * the in-memory store with its demo site and accounts), plays a citizen and agents in Debian's
 * Chromium through playwright-core, and writes PNGs to docs/screenshots/: the widget in each main
 * state in English and French, and the console's pages in both languages.
 *
 * Each state's steps are one small function below. Controls are found by role and accessible
 * name, the names read from the product's own catalogues (widget/i18n, agent-console/src/i18n.ts),
 * so reworded strings need no change here; a step that finds nothing stops the run with a message
 * naming the state, and no picture is written (scripts/screenshot-kit.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import type { Language } from '../protocol/languages.js';
import { createServer, type ChatServer } from '../server/app.js';
import { loadConfig, type Config } from '../server/config.js';
import { demoHours, demoSite } from '../server/services/seed.js';
import { launchChromium } from './chromium.js';
import type { PartStrings } from '../widget/i18n/chat-later.js';
import { CHAT_STRINGS } from '../widget/i18n/chat-strings.js';
import { LAUNCHER_STRINGS } from '../widget/i18n/launcher-strings.js';
import { catalogues, type Strings } from '../agent-console/src/i18n.js';
import { ensureBuilt, ROOT } from './build-lib.js';
import { Album, find, findText, StepError, templatePattern, VIEWPORT } from './screenshot-kit.js';

const OUTPUT = join(ROOT, 'docs', 'screenshots');
const LANGUAGES = ['en', 'fr'] as const satisfies readonly Language[];

/** The citizens of the pictures, one per language, asking about permits (a queue agents pick from). */
const CITIZENS = {
  en: {
    name: 'Pat',
    question: 'Hello, I applied for a building permit. What is the status of my application?',
    reply: 'Hi Pat, your application is being reviewed. A decision usually takes three weeks.',
  },
  fr: {
    name: 'Marie',
    question: 'Bonjour, j’ai demandé un permis de construire. Quel est l’état de ma demande?',
    reply: 'Bonjour Marie, votre demande est à l’étude. Une décision prend habituellement trois semaines.',
  },
} as const;
/** The demo's self-service page the questions above match, shown while the citizen waits. */
const MATCHING_SELF_SERVICE = 0;
const TOPIC_ID = 'permits';

/** Who answers in each language (server/services/seed.ts, DEMO_ACCOUNTS). */
const AGENT_EMAILS = { en: 'agent@demo.test', fr: 'agent-fr@demo.test' } as const;
const SUPERVISOR_EMAIL = 'supervisor@demo.test';
const MANAGER_EMAIL = 'manager@demo.test';

/**
 * Every browser of the pictures: the fixed viewport, the language's Canadian locale (the console
 * follows it) and the demo organisation's time zone, whatever the machine's.
 */
function contextOptions(language: Language) {
  return { viewport: VIEWPORT, locale: language === 'fr' ? 'fr-CA' : 'en-CA', timezoneId: 'America/Toronto' };
}

const log = (line: string) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// The citizen's side: the demo page and the widget.

interface Citizen {
  language: Language;
  page: Page;
  t: PartStrings;
  frame: FrameLocator;
  panel: Locator;
}

async function openCitizen(browser: Browser, url: string, language: Language): Promise<Citizen> {
  const context = await browser.newContext(contextOptions(language));
  const page = await context.newPage();
  failOnPageErrors(page, `citizen (${language})`);
  const frameTitle = LAUNCHER_STRINGS[language].frameTitle;
  await page.goto(demoPage(url, language));
  return {
    language,
    page,
    t: CHAT_STRINGS[language],
    frame: page.frameLocator(`iframe[title="${frameTitle}"]`),
    panel: page.locator(`iframe[title="${frameTitle}"]`),
  };
}

function demoPage(url: string, language: Language): string {
  return language === 'fr' ? `${url}/fr/` : `${url}/`;
}

function launcher(state: string, citizen: Citizen): Promise<Locator> {
  const names = LAUNCHER_STRINGS[citizen.language];
  return find(state, citizen.page, 'the launcher', [
    { role: 'button', name: names.launcher },
    { role: 'button', name: new RegExp(`^${names.launcher}`) },
  ]);
}

async function widgetClosed(album: Album, citizen: Citizen): Promise<void> {
  const state = `widget closed (${citizen.language})`;
  await launcher(state, citizen);
  await album.widget(state, `widget-1-closed-${citizen.language}.png`, citizen.page, null);
}

async function widgetStartForm(album: Album, citizen: Citizen): Promise<void> {
  const state = `widget start form (${citizen.language})`;
  await (await launcher(state, citizen)).click();
  // The notice may come before the form or with it: either shows this state.
  await find(state, citizen.frame, 'the notice or the start button', [
    { role: 'heading', name: citizen.t.privacyHeading },
    { role: 'button', name: citizen.t.start },
  ]);
  await album.widget(state, `widget-2-start-${citizen.language}.png`, citizen.page, citizen.panel);
}

async function widgetQueued(album: Album, citizen: Citizen): Promise<void> {
  const state = `widget queued (${citizen.language})`;
  const { t, frame } = citizen;
  const topic = demoSite([]).topics.find((candidate) => candidate.id === TOPIC_ID)?.label[citizen.language];
  if (topic === undefined) throw new StepError(state, 'the topic', `the demo site has no topic "${TOPIC_ID}"`);
  await (await find(state, frame, 'the name field', [{ role: 'textbox', name: t.nameLabel }])).fill(CITIZENS[citizen.language].name);
  await (await find(state, frame, `the topic "${topic}"`, [{ role: 'radio', name: topic }])).check();
  await (await find(state, frame, 'the start button', [{ role: 'button', name: t.start }])).click();
  const inLine = [t.waitingNext, t.waiting].map((template) => templatePattern(template).source).join('|');
  await findText(state, frame, 'the place in line', new RegExp(inLine));
  // Written while waiting, as the waiting text invites: the site's matching self-service page shows.
  await citizenWrites(state, citizen);
  const help = demoSite([]).selfService[MATCHING_SELF_SERVICE]?.label[citizen.language];
  if (help === undefined) throw new StepError(state, 'the self-service page', `the demo site has no self-service page ${MATCHING_SELF_SERVICE}`);
  await find(state, frame, `the self-service link "${help}"`, [{ role: 'link', name: templatePattern(help) }]);
  await album.widget(state, `widget-3-queued-${citizen.language}.png`, citizen.page, citizen.panel);
}

async function citizenWrites(state: string, citizen: Citizen): Promise<void> {
  const { t, frame } = citizen;
  const field = await find(state, frame, 'the message field', [{ role: 'textbox', name: t.messageLabel }]);
  await field.fill(CITIZENS[citizen.language].question);
  await field.press('Enter');
  await findText(state, frame.getByRole('log', { name: t.messagesLabel }), 'the question sent', CITIZENS[citizen.language].question);
}

async function widgetActive(album: Album, citizen: Citizen): Promise<void> {
  const state = `widget active (${citizen.language})`;
  const { t, frame } = citizen;
  await findText(state, frame.getByRole('log', { name: t.messagesLabel }), "the agent's reply", CITIZENS[citizen.language].reply);
  await album.widget(state, `widget-4-active-${citizen.language}.png`, citizen.page, citizen.panel);
}

async function widgetEnded(album: Album, citizen: Citizen): Promise<void> {
  const state = `widget ended (${citizen.language})`;
  await find(state, citizen.frame, 'the end of the chat', [
    { role: 'heading', name: citizen.t.ended },
    { role: 'button', name: citizen.t.newChat },
  ]);
  await album.widget(state, `widget-5-ended-${citizen.language}.png`, citizen.page, citizen.panel);
}

/** Outside the site's hours: the site is set to never open in the store, then put back. */
async function widgetClosedHours(album: Album, server: ChatServer, config: Config, browser: Browser, url: string, language: Language): Promise<void> {
  const state = `widget closed hours (${language})`;
  const sites = server.services.store.sites;
  await sites.put(demoSite(config.demoSiteOrigins, demoHours('closed')));
  try {
    const citizen = await openCitizen(browser, url, language);
    await (await launcher(state, citizen)).click();
    await find(state, citizen.frame, 'the closed heading', [
      { role: 'heading', name: citizen.t.closedHeading },
      { role: 'heading', name: citizen.t.nobodyHeading },
    ]);
    await album.widget(state, `widget-6-closed-hours-${language}.png`, citizen.page, citizen.panel);
    await citizen.page.context().close();
  } finally {
    await sites.put(demoSite(config.demoSiteOrigins, demoHours(config.demoChatHours)));
  }
}

// ---------------------------------------------------------------------------------------------
// The console's side.

interface Staff {
  language: Language;
  page: Page;
  s: Strings;
}

async function signIn(browser: Browser, server: ChatServer, url: string, email: string, language: Language): Promise<Staff> {
  const state = `console sign-in (${email}, ${language})`;
  const password = server.seeded.demoAccounts.find((account) => account.email === email)?.password;
  if (password === undefined) throw new StepError(state, 'the demo account', 'was not created by this start');
  const context = await browser.newContext(contextOptions(language));
  const page = await context.newPage();
  failOnPageErrors(page, `console (${email})`);
  const s = catalogues[language];
  await page.goto(`${url}/console`);
  await (await find(state, page, 'the email field', [{ role: 'textbox', name: s.email }])).fill(email);
  await page.getByLabel(s.password, { exact: true }).fill(password);
  await (await find(state, page, 'the sign-in button', [{ role: 'button', name: s.signIn }])).click();
  await find(state, page, 'the console sections', [{ role: 'navigation', name: s.sectionsLabel }]);
  return { language, page, s };
}

async function setAvailable(agent: Staff): Promise<void> {
  const state = `console available (${agent.language})`;
  const available = await find(state, agent.page, 'the Available status', [{ role: 'radio', name: agent.s.statuses.available }]);
  await available.check();
}

async function acceptChat(agent: Staff, visitorName: string): Promise<void> {
  const state = `console accept (${agent.language})`;
  const { s, page } = agent;
  const waiting = await find(state, page, 'the waiting chats', [{ role: 'region', name: s.queueHeading }]);
  await (await find(state, waiting, `the chat from ${visitorName}`, [
    { role: 'button', name: s.acceptChatFrom(visitorName) },
    { role: 'button', name: new RegExp(`^${s.accept}`) },
  ])).click();
  await find(state, page, 'the open chat', [{ role: 'heading', name: s.chatWith(visitorName) }]);
}

async function agentReplies(agent: Staff, question: string, reply: string): Promise<void> {
  const state = `console reply (${agent.language})`;
  const { s, page } = agent;
  await findText(state, page.getByRole('log', { name: s.messages }), "the citizen's question", question);
  await (await find(state, page, 'the message field', [{ role: 'textbox', name: s.messageLabel }])).fill(reply);
  await (await find(state, page, 'the send button', [{ role: 'button', name: s.send }])).click();
  await findText(state, page.getByRole('log', { name: s.messages }), 'the reply sent', reply);
}

async function consoleChats(album: Album, agent: Staff): Promise<void> {
  await album.page(`console chats (${agent.language})`, `console-chats-${agent.language}.png`, agent.page);
}

async function agentEndsChat(agent: Staff, visitorName: string): Promise<void> {
  const state = `console end chat (${agent.language})`;
  const { s, page } = agent;
  await (await find(state, page, 'the end button', [{ role: 'button', name: s.endChat }])).click();
  const dialog = await find(state, page, 'the end dialog', [
    { role: 'dialog', name: s.endDialogHeading(visitorName) },
    { role: 'dialog', name: /./ },
  ]);
  await (await find(state, dialog, 'the confirm button', [{ role: 'button', name: s.endChat }])).click();
}

async function openPage(staff: Staff, page: 'live' | 'rollout' | 'accounts'): Promise<void> {
  const state = `console ${page} (${staff.language})`;
  const { s } = staff;
  const sections = await find(state, staff.page, 'the console sections', [{ role: 'navigation', name: s.sectionsLabel }]);
  await (await find(state, sections, `the ${s.pages[page].nav} link`, [{ role: 'link', name: s.pages[page].nav }])).click();
  await find(state, staff.page, `the ${s.pages[page].heading} heading`, [{ role: 'heading', name: s.pages[page].heading }]);
}

async function consoleSupervision(album: Album, supervisor: Staff): Promise<void> {
  const state = `console supervision (${supervisor.language})`;
  await openPage(supervisor, 'live');
  await find(state, supervisor.page, 'the queues table', [{ role: 'table', name: supervisor.s.queuesCaption }]);
  await album.page(state, `console-supervision-${supervisor.language}.png`, supervisor.page);
}

async function consoleRollout(album: Album, manager: Staff): Promise<void> {
  const state = `console rollout (${manager.language})`;
  await openPage(manager, 'rollout');
  await album.page(state, `console-rollout-${manager.language}.png`, manager.page);
}

async function consoleAccounts(album: Album, manager: Staff): Promise<void> {
  const state = `console accounts (${manager.language})`;
  await openPage(manager, 'accounts');
  await find(state, manager.page, 'the accounts table', [{ role: 'table', name: /./ }]);
  await album.page(state, `console-accounts-${manager.language}.png`, manager.page);
}

// ---------------------------------------------------------------------------------------------

const pageErrors: string[] = [];

/** A script error or a CSP violation in any page fails the run: the pictures would show a broken product. */
function failOnPageErrors(page: Page, who: string): void {
  page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
  page.on('console', (message) => {
    // A 401 is the console asking "am I signed in?" before sign-in: expected.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) pageErrors.push(`${who}: ${message.text()}`);
  });
}

async function takeAll(album: Album, server: ChatServer, config: Config, browser: Browser, url: string): Promise<void> {
  log('The widget: closed, start form, queued…');
  const agents = { en: await signIn(browser, server, url, AGENT_EMAILS.en, 'en'), fr: await signIn(browser, server, url, AGENT_EMAILS.fr, 'fr') };
  for (const language of LANGUAGES) await setAvailable(agents[language]);
  const citizens = { en: await openCitizen(browser, url, 'en'), fr: await openCitizen(browser, url, 'fr') };
  for (const language of LANGUAGES) {
    await widgetClosed(album, citizens[language]);
    await widgetStartForm(album, citizens[language]);
    await widgetQueued(album, citizens[language]);
  }

  log('The console: supervision with one chat in progress and one waiting…');
  await acceptChat(agents.en, CITIZENS.en.name);
  const supervisors = { en: await signIn(browser, server, url, SUPERVISOR_EMAIL, 'en'), fr: await signIn(browser, server, url, SUPERVISOR_EMAIL, 'fr') };
  for (const language of LANGUAGES) await consoleSupervision(album, supervisors[language]);
  await acceptChat(agents.fr, CITIZENS.fr.name);

  log('A conversation in each language…');
  for (const language of LANGUAGES) {
    await agentReplies(agents[language], CITIZENS[language].question, CITIZENS[language].reply);
    await widgetActive(album, citizens[language]);
    await consoleChats(album, agents[language]);
  }
  for (const language of LANGUAGES) {
    await agentEndsChat(agents[language], CITIZENS[language].name);
    await widgetEnded(album, citizens[language]);
  }

  log('Closed hours…');
  for (const language of LANGUAGES) await widgetClosedHours(album, server, config, browser, url, language);

  log('The rollout and accounts pages…');
  for (const language of LANGUAGES) {
    const manager = await signIn(browser, server, url, MANAGER_EMAIL, language);
    await consoleRollout(album, manager);
    await consoleAccounts(album, manager);
  }
  if (pageErrors.length > 0) throw new Error(`the pages reported errors:\n${pageErrors.join('\n')}`);
}

/** On a failure, what every open page showed, outside docs/, to see what a step met instead. */
async function keepEvidence(browser: Browser): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'screenshots-failure-'));
  const pages = browser.contexts().flatMap((context) => context.pages());
  for (const [index, page] of pages.entries()) {
    await page.screenshot({ path: join(directory, `page-${index + 1}.png`) }).catch(() => undefined);
  }
  process.stderr.write(`What the ${pages.length} open pages showed: ${directory}\n`);
}

async function main(): Promise<void> {
  await ensureBuilt(log);
  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
  });
  const server = await createServer(config);
  let browser: Browser | undefined;
  try {
    const url = await server.listen();
    browser = await launchChromium();
    const album = new Album(log);
    await takeAll(album, server, config, browser, url).catch(async (error: unknown) => {
      if (browser !== undefined) await keepEvidence(browser);
      throw error;
    });
    const written = await album.writeAll(OUTPUT);
    log(`Wrote ${written} pictures to ${OUTPUT}.`);
  } finally {
    await browser?.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Screenshots failed, no picture written: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
