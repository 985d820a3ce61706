/**
 * Sites and queues at the service level (issue #9, points 3 and 4), with a clock the test moves: a
 * manager creates and changes sites and queues, sets a queue's members (their accounts change
 * through the AccountService), and checks an origin; every change is in the audit log with before
 * and after; bad input and other roles change nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import type { Agent, Site } from '../../server/domain/entities.js';
import type { DomainEvent } from '../../server/services/events.js';
import { createServices, type Services } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { demoSite, seed } from '../../server/services/seed.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

const silentLogger = { info() {}, warn() {}, error() {} };

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

const newSite = (overrides: Partial<Site> = {}): Site => ({
  ...demoSite(['https://www.permits.gov.xx']),
  id: 'permits',
  name: { en: 'Permits office', fr: 'Bureau des permis' },
  hours: { timeZone: 'America/Toronto', weekly: { mon: [{ opens: '09:00', closes: '17:00' }] }, holidays: ['2026-12-25'], lastAdmissionMinutes: 10 },
  ...overrides,
});

describe('site administration service', () => {
  let clock: ManualClock;
  let services: Services;
  let events: DomainEvent[];
  let manager: Agent;
  let supervisor: Agent;
  let agent: Agent;

  const auditEntries = async () => (await services.audit.page({ limit: 100 })).entries.reverse();

  beforeEach(async () => {
    // Monday 2 November 2026, 09:00 in Toronto (14:00 UTC).
    clock = new ManualClock(Date.parse('2026-11-02T14:00:00Z'));
    services = createServices(loadConfig({}), createMemoryStore(), clock, new PasswordHasher(TEST_HASHING), silentLogger);
    await seed(loadConfig({}), services.store, services.auth);
    const byEmail = async (email: string) => (await services.store.agents.findByEmail(email))!;
    manager = await byEmail('manager@demo.test');
    supervisor = await byEmail('supervisor@demo.test');
    agent = await byEmail('agent@demo.test');
    events = [];
    services.events.subscribe((event) => events.push(event));
  });

  it('creates a site, audited with its content, and announces it', async () => {
    const site = await services.siteAdmin.createSite(manager, newSite());
    expect(await services.store.sites.get('permits')).toEqual(site);
    const [entry] = await auditEntries();
    expect(entry).toMatchObject({ actor: manager.id, action: 'site.created', target: 'site:permits', before: null, at: clock.now() });
    expect(entry!.after).toMatchObject({ id: 'permits', allowedOrigins: ["'self'", 'https://www.permits.gov.xx'] });
    expect(events).toContainEqual({ type: 'site.changed', site });
    expect((await services.siteAdmin.listSites(manager)).map((s) => s.id)).toEqual(['demo', 'permits']);
  });

  it('changes a site, keeping what the change leaves out, with before and after in the audit', async () => {
    await services.siteAdmin.createSite(manager, newSite());
    clock.advance(60_000);
    const after = await services.siteAdmin.updateSite(manager, 'permits', { chatEnabled: false, allowedOrigins: ['https://*.permits.gov.xx'] });
    expect(after).toMatchObject({ chatEnabled: false, allowedOrigins: ['https://*.permits.gov.xx'], name: newSite().name });
    const entries = await auditEntries();
    expect(entries[1]).toMatchObject({ action: 'site.updated', at: clock.now(), before: { chatEnabled: true }, after: { chatEnabled: false } });
    // The same again changes nothing, and records nothing.
    await services.siteAdmin.updateSite(manager, 'permits', { chatEnabled: false });
    expect(await auditEntries()).toHaveLength(2);
  });

  it('refuses an invalid site, a taken id, an unknown site and other roles, changing nothing', async () => {
    await expectCode(services.siteAdmin.createSite(manager, newSite({ allowedOrigins: ['*'] })), 'invalid_payload');
    await expectCode(
      services.siteAdmin.createSite(manager, newSite({ topics: [{ id: 'x', label: { en: 'X', fr: 'X' }, queues: { en: 'general-fr', fr: 'general-fr' } }] })),
      'invalid_payload',
    );
    await expectCode(services.siteAdmin.createSite(manager, newSite({ id: 'demo' })), 'conflict');
    await expectCode(services.siteAdmin.updateSite(manager, 'nowhere', { chatEnabled: false }), 'not_found');
    await expectCode(services.siteAdmin.updateSite(manager, 'demo', { hours: { ...newSite().hours!, timeZone: 'Nowhere/Else' } }), 'invalid_payload');
    for (const actor of [supervisor, agent]) {
      await expectCode(services.siteAdmin.createSite(actor, newSite()), 'forbidden');
      await expectCode(services.siteAdmin.updateSite(actor, 'demo', { chatEnabled: false }), 'forbidden');
      await expectCode(services.siteAdmin.listSites(actor), 'forbidden');
      await expectCode(services.siteAdmin.createQueue(actor, { id: 'q', name: { en: 'Q', fr: 'Q' }, language: 'en', mode: 'automatic' }), 'forbidden');
    }
    expect((await services.store.sites.list()).map((s) => s.id)).toEqual(['demo']);
    expect((await services.store.sites.get('demo'))!.chatEnabled).toBe(true);
    expect(await auditEntries()).toEqual([]);
  });

  it('answers conflict when the site keeps changing under the change, and records nothing', async () => {
    // Another manager's change lands between each read and write: every compare-and-set fails.
    services.store.sites.replace = async () => false;
    await expectCode(services.siteAdmin.updateSite(manager, 'demo', { chatEnabled: false }), 'conflict');
    expect((await services.store.sites.get('demo'))!.chatEnabled).toBe(true);
    expect(await auditEntries()).toEqual([]);
  });

  it('creates a queue with members and changes them through the accounts (each audited)', async () => {
    const camille = (await services.store.agents.findByEmail('agent-fr@demo.test'))!;
    const { queue, memberIds } = await services.siteAdmin.createQueue(manager, {
      id: 'passports-fr',
      name: { en: 'Passports (French)', fr: 'Passeports (français)' },
      language: 'fr',
      mode: 'agents_pick',
      memberIds: [camille.id],
    });
    expect(queue).toEqual({ id: 'passports-fr', name: { en: 'Passports (French)', fr: 'Passeports (français)' }, language: 'fr', mode: 'agents_pick' });
    expect(memberIds).toEqual([camille.id]);
    expect((await services.store.agents.get(camille.id))!.queueIds).toContain('passports-fr');

    clock.advance(1000);
    const changed = await services.siteAdmin.updateQueue(manager, 'passports-fr', { mode: 'automatic', memberIds: [supervisor.id] });
    expect(changed).toEqual({ queue: { ...queue, mode: 'automatic' }, memberIds: [supervisor.id] });
    expect((await services.store.agents.get(camille.id))!.queueIds).not.toContain('passports-fr');
    const actions = (await auditEntries()).map((entry) => `${entry.action} ${entry.target}`);
    expect(actions.slice(0, 3)).toEqual(['queue.created queue:passports-fr', `account.updated account:${camille.id}`, 'queue.updated queue:passports-fr']);
    // The members' accounts change in the store's order: one gains the queue, the other loses it.
    expect(actions.slice(3).sort()).toEqual([`account.updated account:${supervisor.id}`, `account.updated account:${camille.id}`].sort());
    const updated = (await auditEntries())[2]!;
    expect(updated).toMatchObject({ before: { mode: 'agents_pick' }, after: { mode: 'automatic' }, at: clock.now() });
    expect(events.filter((event) => event.type === 'queue.changed')).toHaveLength(2);
    const listed = await services.siteAdmin.listQueues(manager);
    expect(listed.find((entry) => entry.queue.id === 'passports-fr')!.memberIds).toEqual([supervisor.id]);
  });

  it('refuses unknown members, a language change that would break a topic, and bad queues', async () => {
    await expectCode(
      services.siteAdmin.createQueue(manager, { id: 'q1', name: { en: 'Q', fr: 'Q' }, language: 'en', mode: 'automatic', memberIds: ['nobody'] }),
      'invalid_payload',
    );
    await expectCode(services.siteAdmin.createQueue(manager, { id: 'q1', name: { en: 'Q', fr: '' }, language: 'en', mode: 'automatic' }), 'invalid_payload');
    await expectCode(services.siteAdmin.createQueue(manager, { id: 'general-en', name: { en: 'Q', fr: 'Q' }, language: 'en', mode: 'automatic' }), 'conflict');
    await expectCode(services.siteAdmin.updateQueue(manager, 'general-en', { language: 'fr' }), 'invalid_payload');
    expect((await services.store.queues.get('general-en'))!.language).toBe('en');
    expect(await services.store.queues.get('q1')).toBeNull();
    expect(await auditEntries()).toEqual([]);
  });

  it('says whether the widget is offered on an origin now, and why not', async () => {
    await services.siteAdmin.createSite(manager, newSite());
    const check = (pageUrl: string) => services.siteAdmin.checkOrigin(manager, { siteId: 'permits', pageUrl, language: 'en', chatHost: 'chat.example' });
    expect(await check('https://www.permits.gov.xx/apply')).toMatchObject({
      origin: 'https://www.permits.gov.xx',
      originAllowed: true,
      chatEnabled: true,
      policyOn: true,
      hours: { open: true },
      offered: true,
      blockers: [],
    });
    expect(await check('https://evil.example/')).toMatchObject({ originAllowed: false, offered: false, blockers: ['origin_not_allowed'] });
    expect(await check('javascript:alert(1)')).toMatchObject({ origin: null, originAllowed: false, offered: false });

    clock.advance(9 * 3_600_000); // 18:00 in Toronto: closed.
    expect(await check('https://www.permits.gov.xx/apply')).toMatchObject({ hours: { open: false }, offered: false, blockers: ['outside_hours'] });
    clock.advance(-9 * 3_600_000);

    await services.siteAdmin.updateSite(manager, 'permits', { chatEnabled: false });
    expect(await check('https://www.permits.gov.xx/apply')).toMatchObject({ chatEnabled: false, offered: false, blockers: ['chat_disabled'] });
    await expectCode(services.siteAdmin.checkOrigin(agent, { siteId: 'permits', pageUrl: 'https://www.permits.gov.xx/', language: 'en', chatHost: undefined }), 'forbidden');
  });
});
