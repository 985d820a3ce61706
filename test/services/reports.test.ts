/**
 * Reports at the service level: chats started, answered, abandoned and left messages through the
 * real services, counted from their domain events into the memory store's hourly rollup, then
 * summarised; the first response counted once; the staffing sample once a minute across nodes;
 * roles and the range bound; the CSV is the table.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { reportTables } from '../../protocol/report-tables.js';
import { loadConfig } from '../../server/config.js';
import type { Agent } from '../../server/domain/entities.js';
import { HOUR_MS } from '../../server/domain/reports.js';
import { createServices, type Services } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { DEMO_QUEUES, demoSite } from '../../server/services/seed.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

const silentLogger = { info() {}, warn() {}, error() {} };
const T0 = Date.parse('2026-11-02T14:00:00Z');

function account(id: string, role: Agent['role']): Agent {
  return {
    id,
    email: `${id}@example.test`,
    displayName: `Name of ${id}`,
    role,
    passwordHash: 'x',
    maxConcurrentChats: 3,
    languages: ['en', 'fr'],
    queueIds: ['permits-en', 'permits-fr'],
    createdAt: 0,
    active: true,
    sessionEpoch: 0,
    passwordLink: null,
    version: 1,
  };
}

describe('reports service', () => {
  let services: Services;
  let clock: ManualClock;
  const supervisor = account('sup', 'supervisor');
  const alex = account('alex', 'agent');
  let n = 0;

  async function start(language: 'en' | 'fr', timeZone?: string) {
    n++;
    const { conversation } = await services.conversations.start({
      siteId: 'demo',
      clientId: `client-${n}-xxxxxxxx`,
      secret: 's'.repeat(40),
      topicId: 'permits',
      language,
      pageUrl: 'https://example.test/benefits/apply',
      timeZone,
    });
    return conversation;
  }

  beforeEach(async () => {
    n = 0;
    clock = new ManualClock(T0);
    services = createServices(loadConfig({}), createMemoryStore(), clock, new PasswordHasher(TEST_HASHING), silentLogger);
    await services.store.sites.put(demoSite([]));
    for (const queue of DEMO_QUEUES) await services.store.queues.put(queue);
    for (const a of [supervisor, alex]) await services.store.agents.insert(a);
    services.reports.listen();
    await services.presence.setStatus('alex', 'available');
  });

  it('counts a scripted set of chats: started, answered with their waits, abandoned, first response, handle time', async () => {
    const answered = await start('en', 'Europe/Paris');
    const french = await start('fr', 'America/Toronto');
    const abandoned = await start('en');
    clock.advance(30_000);
    await services.conversations.accept(alex, answered.id);
    clock.advance(5_000);
    await services.conversations.postAsAgent(alex, answered.id, { clientId: 'reply-0001', text: 'Hello' });
    await services.conversations.postAsAgent(alex, answered.id, { clientId: 'reply-0002', text: 'Again' });
    clock.advance(85_000);
    await services.conversations.accept(alex, french.id);
    await services.conversations.endByVisitor(abandoned.id);
    clock.advance(60_000);
    await services.conversations.endByAgent(alex, answered.id, 'resolved');
    await services.reports.settle();

    const summary = await services.reports.summary(supervisor, { from: T0, to: T0 + HOUR_MS, groupBy: 'language' });
    expect(summary.totals).toMatchObject({ started: 3, answered: 2, abandoned: 1, closed: 2, transferred: 0 });
    expect(summary.totals.firstResponseAvgSeconds).toBe(5);
    expect(summary.totals.handleAvgSeconds).toBe(150);
    expect(summary.totals.abandonAvgSeconds).toBe(120);
    // Paris is outside Toronto's zone; Montreal's twin is not; a chat without a zone is not counted.
    expect(summary.totals.outsideZoneShare).toBe(0.5);
    expect(summary.waitsByLanguage.en).toMatchObject({ answered: 1, abandoned: 1 });
    expect(summary.waitsByLanguage.fr).toMatchObject({ answered: 1, abandoned: 0 });
    // 30 s in (20, 30]: within a 60 s target; 120 s in (90, 120]: not.
    expect(summary.waitsByLanguage.en.withinTarget).toBe(1);
    expect(summary.waitsByLanguage.fr.withinTarget).toBe(0);
    expect(summary.totals.withinTarget).toBe(0.5);
    expect(summary.groups.map((g) => [g.key, g.figures.started])).toEqual([
      ['en', 2],
      ['fr', 1],
    ]);
    expect(summary.closeReasons).toEqual([
      { code: 'resolved', count: 1 },
      { code: 'visitor_ended', count: 1 },
    ]);
    expect(summary.cost.cellsRead).toBeGreaterThan(0);
    // Only the hours asked are read.
    const later = await services.reports.summary(supervisor, { from: T0 + 2 * HOUR_MS, to: T0 + 3 * HOUR_MS, groupBy: 'day' });
    expect(later.totals.started).toBe(0);
  });

  it('filters by site, language and queue', async () => {
    await start('en');
    await start('fr');
    await services.reports.settle();
    const range = { from: T0, to: T0 + HOUR_MS, groupBy: 'day' as const };
    expect((await services.reports.summary(supervisor, { ...range, language: 'fr' })).totals.started).toBe(1);
    expect((await services.reports.summary(supervisor, { ...range, queueId: 'permits-en' })).totals.started).toBe(1);
    expect((await services.reports.summary(supervisor, { ...range, siteId: 'demo' })).totals.started).toBe(2);
    expect((await services.reports.summary(supervisor, { ...range, siteId: 'elsewhere' })).totals.started).toBe(0);
  });

  it('counts left messages and the offers of a closed site as demand while closed', async () => {
    await services.store.sites.put({ ...demoSite([]), hours: { timeZone: 'UTC', weekly: {}, holidays: [], lastAdmissionMinutes: 0 } });
    const site = await services.store.sites.get('demo');
    await services.offers.offerFor(site!, { visitorId: 'v'.repeat(22), pageUrl: 'https://example.test/benefits', language: 'en', resume: false });
    await services.offers.offerFor(site!, { visitorId: 'v'.repeat(22), pageUrl: 'https://example.test/benefits', language: 'en', resume: false });
    await services.offers.offerFor(site!, { visitorId: 'w'.repeat(22), pageUrl: 'https://example.test/benefits', language: 'fr', resume: false });
    await services.reports.settle();
    const summary = await services.reports.summary(supervisor, { from: T0, to: T0 + HOUR_MS, groupBy: 'day' });
    expect(summary.totals.closedOffers).toBe(2);
    expect(summary.totals.offered).toBe(0);
    expect(summary.closedDemand[14]).toEqual({ hour: 14, closedOffers: 2, leftMessages: 0 });
  });

  it('counts survey answers (the survey.answered event) for satisfaction and channel shift', async () => {
    const answer = (satisfaction: 1 | 2 | 3 | 4 | 5 | null, alternative: 'phone' | 'would_not_have_contacted' | null) =>
      services.events.publish({ type: 'survey.answered', conversationId: 'c', siteId: 'demo', queueId: 'permits-en', topicId: 'permits', language: 'en', answered: true, satisfaction, alternative, closedAt: T0, at: T0 });
    answer(5, 'would_not_have_contacted');
    answer(2, 'phone');
    await services.reports.settle();
    const summary = await services.reports.summary(supervisor, { from: T0, to: T0 + HOUR_MS, groupBy: 'day' });
    expect(summary.totals).toMatchObject({ surveys: 2, satisfactionAvg: 3.5 });
    expect(summary.channelShift.filter((c) => c.count > 0)).toEqual([
      { answer: 'phone', count: 1 },
      { answer: 'would_not_have_contacted', count: 1 },
    ]);
  });

  it('samples the staff once a minute across nodes, for occupancy and concurrency', async () => {
    await services.presence.setStatus('alex', 'available');
    await start('en');
    const waiting = await start('en');
    await services.conversations.accept(alex, waiting.id);
    const other = createServices(loadConfig({}), services.store, clock, new PasswordHasher(TEST_HASHING), silentLogger);
    await Promise.all([services.reports.sampleStaff(), other.reports.sampleStaff()]);
    await Promise.all([services.reports.settle(), other.reports.settle()]);
    const summary = await services.reports.summary(supervisor, { from: T0, to: T0 + HOUR_MS, groupBy: 'day' });
    expect(summary.staff).toEqual([{ agentId: 'alex', name: 'Name of alex', availableMinutes: 1, busyMinutes: 1, chatMinutes: 1, occupancy: 1, concurrency: 1 }]);
  });

  it('answers supervisors and managers only, within 93 days', async () => {
    await expect(services.reports.summary(alex, { from: T0, to: T0 + HOUR_MS, groupBy: 'day' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.reports.summary(supervisor, { from: T0, to: T0 + 94 * 24 * HOUR_MS, groupBy: 'day' })).rejects.toMatchObject({ code: 'invalid_payload' });
  });

  it('exports a table as the CSV of the rows the page shows, formula-safe', async () => {
    await start('en');
    await services.reports.settle();
    const query = { from: T0, to: T0 + HOUR_MS, groupBy: 'queue' as const };
    const table = reportTables(await services.reports.summary(supervisor, query)).find((t) => t.id === 'volume')!;
    const csv = await services.reports.csv(supervisor, query, 'volume');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(table.columns.join(','));
    expect(lines.slice(1)).toEqual(table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))).join(',')));
    expect(lines[1]).toBe('permits-en,0,1,,0,0,0,0,0');
  });
});
