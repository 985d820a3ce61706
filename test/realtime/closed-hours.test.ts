/**
 * When nobody is there (issue #7, point 4), on real sockets and HTTP: outside business hours, on a
 * holiday and after the last admission a chat does not start and the answer says why; the chat
 * app's site answer shows each topic and language as unavailable, with the hours and the next
 * opening; nobody serving a queue shows as unavailable while an agent of another queue is online;
 * leaving a message stores one item (once, whatever the retries), is limited per connection and
 * per address, and reaches the inbox of the consoles that serve its queue, live.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WidgetSiteResponse } from '../../protocol/http.js';
import type { InboxItemView } from '../../protocol/models.js';
import type { LeaveMessage } from '../../protocol/visitor-events.js';
import type { Site } from '../../server/domain/entities.js';
import type { Clock } from '../../server/services/clock.js';
import { DEMO_OFFICE_HOURS, demoSite } from '../../server/services/seed.js';
import {
  ask,
  closeAllSockets,
  connectAgent,
  connectVisitor,
  nextEvent,
  onlineAgent,
  signIn,
  startRequest,
} from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

/** A clock a test sets to the instants it needs. */
class SetClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  set(iso: string): void {
    this.time = Date.parse(iso);
  }
}

const OFFICE = 'office';
/** The demo organisation with office hours: weekdays 8:30–16:30 in Toronto, last admission 15 minutes, Christmas closed. */
const officeSite: Site = { ...demoSite([]), id: OFFICE, hours: DEMO_OFFICE_HOURS };

// Monday 2 November 2026 in Toronto (UTC−5).
const MONDAY_10AM = '2026-11-02T15:00:00Z';
const MONDAY_5PM = '2026-11-02T22:00:00Z';
const TUESDAY_OPENING = '2026-11-03T13:30:00.000Z';

describe('closed hours and leaving a message', () => {
  let test: TestServer;
  const clock = new SetClock(Date.parse(MONDAY_10AM));
  beforeEach(async () => {
    clock.set(MONDAY_10AM);
    test = await startTestServer({ TRUST_PROXY: 'true', SESSION_TTL_MINUTES: '10080' }, { clock });
    await test.server.services.store.sites.put(officeSite);
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });

  const siteAnswer = async (siteId = OFFICE): Promise<WidgetSiteResponse> => {
    const response = await fetch(`${test.url}/api/widget/site?site=${siteId}`);
    expect(response.status).toBe(200);
    return (await response.json()) as WidgetSiteResponse;
  };
  const availabilityOf = (site: WidgetSiteResponse, topicId: string, language: 'en' | 'fr') =>
    site.availability.find((entry) => entry.topicId === topicId && entry.language === language);
  const leave = (overrides: Partial<LeaveMessage> = {}): LeaveMessage => ({
    clientId: randomUUID(),
    topicId: 'permits',
    language: 'fr',
    visitorName: 'Marie',
    email: 'marie@example.test',
    text: 'Je voudrais renouveler mon permis.',
    pageUrl: 'http://127.0.0.1/permis?dossier=12345',
    ...overrides,
  });

  it('refuses a chat outside hours, on a holiday and after the last admission, and says why', async () => {
    const visitor = await connectVisitor(test.url, { siteId: OFFICE });
    const cases: Array<[string, string]> = [
      [MONDAY_5PM, 'outside_hours'],
      ['2026-12-25T15:00:00Z', 'holiday'],
      ['2027-01-04T21:20:00Z', 'after_last_admission'],
    ];
    for (const [instant, reason] of cases) {
      clock.set(instant);
      const refused = await ask(visitor, 'conversation:start', startRequest());
      expect(refused, instant).toMatchObject({ ok: false, error: { code: 'chat_unavailable', reason } });
    }
    expect(await test.server.services.store.conversations.listQueued()).toEqual([]);
    clock.set('2027-01-04T21:14:00Z');
    expect(await ask(visitor, 'conversation:start', startRequest())).toMatchObject({ ok: true });
  });

  it('shows the closed state before anyone types: every topic unavailable, the hours, the next opening, other ways', async () => {
    clock.set(MONDAY_5PM);
    const site = await siteAnswer();
    expect(site.availability).toHaveLength(site.topics.length * 2);
    expect(site.availability.every((entry) => !entry.available && entry.reason === 'outside_hours')).toBe(true);
    expect(site.nextOpening).toBe(TUESDAY_OPENING);
    expect(site.hours).toMatchObject({ timeZone: 'America/Toronto', lastAdmissionMinutes: 15 });
    expect(site.hours?.days.map((day) => [day.day, day.periods.length])).toEqual([
      ['mon', 1], ['tue', 1], ['wed', 1], ['thu', 1], ['fri', 1], ['sat', 0], ['sun', 0],
    ]);
    expect(site.hours?.days[0]?.periods).toEqual([{ opens: '08:30', closes: '16:30' }]);
    expect(site.otherWays.map((way) => way.kind)).toEqual(['phone', 'tty', 'in_person', 'web_form']);
    expect(site.selfService.length).toBeGreaterThan(0);
    // The loader still offers the launcher, so the citizen can read this and leave a message.
    const offer = await fetch(`${test.url}/api/widget/offer?${new URLSearchParams({ site: OFFICE, page: `${test.url}/`, lang: 'en', visitor: 'closed-hours-visitor-1' })}`);
    expect(await offer.json()).toMatchObject({ offered: true, state: 'offered', closed: true });
  });

  it('gives a start retried after the last admission the chat it already started', async () => {
    clock.set('2026-11-02T21:10:00Z');
    const visitor = await connectVisitor(test.url, { siteId: OFFICE });
    const request = startRequest();
    const first = await ask(visitor, 'conversation:start', request);
    clock.set('2026-11-02T21:20:00Z');
    const retried = await ask(visitor, 'conversation:start', request);
    expect(first.ok && retried.ok && retried.conversation.id === first.conversation.id).toBe(true);
  });

  it('shows a queue nobody serves as unavailable while an agent of another queue is online, and Away as signed in', async () => {
    const before = await siteAnswer();
    expect(before.availability.every((entry) => entry.reason === 'nobody_available')).toBe(true);
    const english = await onlineAgent(test.url, test.server.services.auth, { languages: ['en'], queueIds: ['general-en'] });
    const site = await siteAnswer();
    expect(availabilityOf(site, 'benefits', 'en')).toEqual({ topicId: 'benefits', language: 'en', available: true, reason: null });
    expect(availabilityOf(site, 'benefits', 'fr')).toMatchObject({ available: false, reason: 'nobody_available' });
    expect(availabilityOf(site, 'permits', 'en')).toMatchObject({ available: false, reason: 'nobody_available' });
    await ask(english.socket, 'agent:set-status', { status: 'away' });
    expect(availabilityOf(await siteAnswer(), 'benefits', 'en')).toMatchObject({ available: true });
    // Signed out: offline at once.
    await fetch(`${test.url}/api/auth/sign-out`, { method: 'POST', headers: { cookie: english.cookie, origin: test.url } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(availabilityOf(await siteAnswer(), 'benefits', 'en')).toMatchObject({ available: false, reason: 'nobody_available' });
  });

  it('stores a left message once, answers a reference, and keeps the page without its query', async () => {
    clock.set(MONDAY_5PM);
    const visitor = await connectVisitor(test.url, { siteId: OFFICE });
    const request = leave();
    const first = await ask(visitor, 'message:leave', request);
    const retried = await ask(visitor, 'message:leave', request);
    expect(first).toMatchObject({ ok: true, reference: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/) });
    expect(retried).toEqual(first);
    const items = await test.server.services.store.inbox.list(null, null, 10);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      siteId: OFFICE,
      queueId: 'permits-fr',
      email: 'marie@example.test',
      phone: null,
      status: 'new',
      pageUrl: 'http://127.0.0.1/permis',
    });
  });

  it('refuses a bad email or phone, blank text, and an unknown topic, storing nothing', async () => {
    for (const bad of [{ email: 'not-an-email' }, { phone: 'call me' }, { text: ' \u200b ' }, { topicId: 'nope' }, { text: 'x'.repeat(2001) }]) {
      // A connection each: refusals count against the connection's rate too.
      const visitor = await connectVisitor(test.url, { siteId: OFFICE });
      expect(await ask(visitor, 'message:leave', leave(bad)), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    const visitor = await connectVisitor(test.url, { siteId: OFFICE });
    expect(await ask(visitor, 'message:leave', leave({ email: undefined, phone: '+1 (613) 555-0100 ext. 12' }))).toMatchObject({ ok: true });
    expect(await test.server.services.store.inbox.list(null, null, 10)).toHaveLength(1);
  });

  it('limits left messages per connection, and per address across reconnections', async () => {
    const one = await connectVisitor(test.url, { siteId: OFFICE, address: '10.9.0.1' });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await ask(one, 'message:leave', leave())).ok);
    expect(answers).toEqual([true, true, true, false]);
    const fresh = [];
    for (let i = 0; i < 8; i++) {
      const visitor = await connectVisitor(test.url, { siteId: OFFICE, address: '10.9.0.1' });
      const answer = await ask(visitor, 'message:leave', leave());
      fresh.push(answer.ok ? 'ok' : answer.error.code);
      visitor.disconnect();
    }
    // Ten per address, then ten an hour: three above, seven here, then refused.
    expect(fresh).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited']);
    const elsewhere = await connectVisitor(test.url, { siteId: OFFICE, address: '10.9.0.2' });
    expect(await ask(elsewhere, 'message:leave', leave())).toMatchObject({ ok: true });
    expect(await test.server.services.store.inbox.list(null, null, 50)).toHaveLength(11);
  });

  it('brings left messages to the consoles that serve the queue, live, paged newest first, and lets one agent mark each answered', async () => {
    const auth = test.server.services.auth;
    const french = await onlineAgent(test.url, auth, { displayName: 'Camille', languages: ['fr'], queueIds: ['permits-fr'] });
    const english = await onlineAgent(test.url, auth, { displayName: 'Alex', languages: ['en'], queueIds: ['general-en'] });
    const supervisor = await connectAgent(test.url, await signIn(test.url, MANAGER.email, MANAGER.password));
    const visitor = await connectVisitor(test.url, { siteId: OFFICE });

    const heard = nextEvent<InboxItemView>(french.socket, 'inbox:item-created');
    const heardBySupervisor = nextEvent<InboxItemView>(supervisor, 'inbox:item-created');
    const notHeard: InboxItemView[] = [];
    english.socket.on('inbox:item-created', (item: InboxItemView) => notHeard.push(item));
    const left = await ask(visitor, 'message:leave', leave({ text: 'Premier message' }));
    const item = await heard;
    expect(left.ok && item.reference === left.reference).toBe(true);
    expect(item).toMatchObject({ topicLabel: { en: 'Permits and licences' }, status: 'new', text: 'Premier message', answeredByName: null });
    expect((await heardBySupervisor).id).toBe(item.id);

    for (const text of ['Deuxième', 'Troisième']) {
      clock.time += 1000;
      await ask(visitor, 'message:leave', leave({ text }));
    }
    const firstPage = await ask(french.socket, 'inbox:list', { limit: 2 });
    expect(firstPage.ok && firstPage.items.map((entry) => entry.text)).toEqual(['Troisième', 'Deuxième']);
    const secondPage = firstPage.ok && firstPage.next !== null ? await ask(french.socket, 'inbox:list', { limit: 2, before: firstPage.next }) : null;
    expect(secondPage?.ok && secondPage.items.map((entry) => entry.text)).toEqual(['Premier message']);
    expect(secondPage?.ok && secondPage.next).toBeNull();
    const englishList = await ask(english.socket, 'inbox:list', {});
    expect(englishList.ok && englishList.items).toEqual([]);
    expect(notHeard).toEqual([]);

    // Only who sees the queue may answer; the first answer stands.
    expect(await ask(english.socket, 'inbox:answer', { itemId: item.id, note: 'Done' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const updated = nextEvent<InboxItemView>(supervisor, 'inbox:item-updated');
    const answered = await ask(french.socket, 'inbox:answer', { itemId: item.id, note: 'Rappelée à 9 h; permis renouvelé.' });
    expect(answered).toMatchObject({ ok: true, item: { status: 'answered', answeredByName: 'Camille', answerNote: 'Rappelée à 9 h; permis renouvelé.' } });
    expect((await updated).status).toBe('answered');
    expect(await ask(supervisor, 'inbox:answer', { itemId: item.id, note: 'Me too' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await ask(french.socket, 'inbox:answer', { itemId: 'f'.repeat(64), note: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ask(french.socket, 'inbox:list', { limit: 51 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
