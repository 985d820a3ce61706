/**
 * Reports over the wire: `reports:summary` for supervisors and managers only, its payload checked
 * (range bound, unknown fields, time zones); the CSV export's role, origin and query checks; and a
 * chat started with a browser time zone counted as outside the site's, without the zone stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, closeAllSockets, connectAgent, onlineAgent, signIn, startChat } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('reports over the wire', () => {
  let test: TestServer;
  let supervisorCookie = '';
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    test = await startTestServer();
    const supervisor = await onlineAgent(test.url, test.server.services.auth, { role: 'supervisor', email: 'sup@example.test' });
    supervisorCookie = supervisor.cookie;
  });
  afterAll(async () => {
    closeAllSockets();
    await test?.close();
  });

  it('answers a supervisor, refuses an agent, and checks the query', async () => {
    const started = await startChat(test.url, { topicId: 'benefits', language: 'fr', timeZone: 'Asia/Tokyo' });
    const stored = await test.server.services.store.conversations.get(started.conversationId);
    expect(stored?.outsideSiteZone).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('Tokyo');
    await test.server.services.reports.settle();

    const supervisor = await connectAgent(test.url, supervisorCookie);
    const answer = await ask(supervisor, 'reports:summary', { from, to, groupBy: 'language', timeZone: 'America/Toronto' });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.summary.totals.started).toBe(1);
    expect(answer.summary.totals.outsideZoneShare).toBe(1);
    expect(answer.summary.groups.map((group) => group.key)).toEqual(['fr']);

    const tooLong = await ask(supervisor, 'reports:summary', { from: '2026-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z', groupBy: 'day' });
    expect(tooLong.ok ? null : tooLong.error.code).toBe('invalid_payload');
    const badZone = await ask(supervisor, 'reports:summary', { from, to, groupBy: 'day', timeZone: 'Mars/Olympus' });
    expect(badZone.ok ? null : badZone.error.code).toBe('invalid_payload');
    const extra = await ask(supervisor, 'reports:summary', { from, to, groupBy: 'day', visitorId: 'x' } as never);
    expect(extra.ok ? null : extra.error.code).toBe('invalid_payload');

    const agent = await onlineAgent(test.url, test.server.services.auth);
    const refused = await ask(agent.socket, 'reports:summary', { from, to, groupBy: 'day' });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
  });

  it('refuses a start with a time zone that is not one', async () => {
    await expect(startChat(test.url, { timeZone: 'Not a zone' })).rejects.toThrow(/invalid_payload/);
  });

  it('exports a table as CSV to supervisors, from the console’s origin, with a valid query', async () => {
    const query = new URLSearchParams({ from, to, groupBy: 'language', targetSeconds: '30' }).toString();
    const url = `${test.url}/api/reports/languages.csv?${query}`;
    const ok = await fetch(url, { headers: { cookie: supervisorCookie } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await ok.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('language,answered,wait_p50_s,wait_p90_s,within_target_pct,abandoned');
    expect(lines).toHaveLength(3);

    expect((await fetch(url)).status).toBe(401);
    const agent = await onlineAgent(test.url, test.server.services.auth);
    expect((await fetch(url, { headers: { cookie: agent.cookie } })).status).toBe(403);
    expect((await fetch(url, { headers: { cookie: supervisorCookie, origin: 'https://evil.test' } })).status).toBe(403);
    expect((await fetch(url, { headers: { cookie: supervisorCookie, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await fetch(`${test.url}/api/reports/nothing.csv?${query}`, { headers: { cookie: supervisorCookie } })).status).toBe(400);
    expect((await fetch(`${test.url}/api/reports/volume.csv?from=${from}&to=${to}`, { headers: { cookie: supervisorCookie } })).status).toBe(400);
    expect((await fetch(`${test.url}/api/reports/volume.csv?${query}&targetSeconds=0`, { headers: { cookie: supervisorCookie } })).status).toBe(400);
  });

  it('limits exports per account', async () => {
    const cookie = await signIn(test.url, 'sup@example.test', 'a-long-enough-password');
    const query = new URLSearchParams({ from, to, groupBy: 'day' }).toString();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await fetch(`${test.url}/api/reports/volume.csv?${query}`, { headers: { cookie } })).status);
    expect(statuses).toContain(429);
  });
});
