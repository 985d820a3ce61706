/**
 * The Sites and Queues pages' logic (issue #9, points 3 and 4): what a site's or a queue's form is
 * missing before it is sent (part by part, origins by the same rule as the server's), what an edit
 * sends (only what changed), hours typed as text, the embed snippet, and where a refusal shows.
 */
import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../protocol/accounts.js';
import { SiteCreateSchema, SiteUpdateSchema, type QueueAdminView, type SiteAdminView } from '../../protocol/admin.js';
import {
  checkNewQueue,
  checkNewSite,
  checkQueueEdit,
  checkSiteEdit,
  embedSnippet,
  emptyQueueDraft,
  emptySiteDraft,
  fieldOfQueueRefusal,
  fieldOfSiteRefusal,
  memberChoices,
  originsOf,
  parsePeriods,
  queueDraftOf,
  queuesFor,
  siteDraftOf,
  siteFieldsInOrder,
  type SiteDraft,
} from '../../agent-console/src/sites-state.js';
import { originProblem, siteProblems } from '../../server/domain/site-admin.js';
import { originFault } from '../../protocol/origin-rules.js';

const site: SiteAdminView = {
  id: 'permits',
  name: { en: 'Permits', fr: 'Permis' },
  allowedOrigins: ['https://www.example.gov.xx', 'https://*.example.gov.xx'],
  chatEnabled: true,
  topics: [{ id: 'general', label: { en: 'General', fr: 'Général' }, queues: { en: 'general-en', fr: 'general-fr' } }],
  hours: { timeZone: 'America/Toronto', weekly: { mon: [{ opens: '08:30', closes: '12:00' }, { opens: '13:00', closes: '16:30' }] }, holidays: ['2026-12-25'], lastAdmissionMinutes: 15 },
  otherWays: [{ kind: 'phone', text: { en: 'Call us', fr: 'Appelez-nous' }, href: { en: 'tel:+18005550100', fr: 'tel:+18005550100' } }],
  selfService: [{ label: { en: 'Help', fr: 'Aide' }, url: { en: 'https://www.example.gov.xx/help', fr: 'https://www.example.gov.xx/aide' } }],
  redaction: { phone: false, email: false, postalCode: false },
  privacyNotice: null,
  quickExit: { enabled: false, url: 'https://www.google.ca/' },
};

const filled = (change: Partial<SiteDraft> = {}): SiteDraft => ({
  ...emptySiteDraft(),
  id: 'my-site',
  name: { en: 'My site', fr: 'Mon site' },
  origins: 'https://www.example.gov.xx\nhttp://127.0.0.1:8080',
  topics: [{ id: 'general', label: { en: 'General', fr: 'Général' }, queues: { en: 'general-en', fr: 'general-fr' } }],
  ...change,
});

describe('a new site', () => {
  it('sends what the server takes, trimmed, with hours only when they are on', () => {
    const checked = checkNewSite(filled({ name: { en: ' My site ', fr: 'Mon site' } }));
    expect(checked).toEqual({
      ok: true,
      payload: {
        id: 'my-site',
        name: { en: 'My site', fr: 'Mon site' },
        allowedOrigins: ['https://www.example.gov.xx', 'http://127.0.0.1:8080'],
        chatEnabled: true,
        topics: [{ id: 'general', label: { en: 'General', fr: 'Général' }, queues: { en: 'general-en', fr: 'general-fr' } }],
        hours: null,
        otherWays: [],
        selfService: [],
        redaction: { phone: false, email: false, postalCode: false },
        privacyNotice: null,
        quickExit: { enabled: false, url: 'https://www.google.ca/' },
      },
    });
    const withHours = checkNewSite(filled({ hoursOn: true, holidays: '2026-12-25, 2026-12-26' }));
    expect(withHours.ok && withHours.payload.hours).toEqual({
      timeZone: 'America/Toronto',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ opens: '08:30', closes: '16:30' }]])),
      holidays: ['2026-12-25', '2026-12-26'],
      lastAdmissionMinutes: 15,
    });
  });

  it('says what is missing, part by part, in the order of the form', () => {
    const checked = checkNewSite({ ...emptySiteDraft(), origins: '*\nhttps://www.example.gov.xx/page' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(siteFieldsInOrder(checked.problems)).toEqual(['id', 'name', 'origins', 'topics']);
    expect(checked.problems.name).toEqual([
      { code: 'name_missing', language: 'en' },
      { code: 'name_missing', language: 'fr' },
    ]);
    expect(checked.problems.origins).toEqual([
      { code: 'origin', value: '*', fault: { kind: 'wildcard' } },
      { code: 'origin', value: 'https://www.example.gov.xx/page', fault: { kind: 'not_as_sent', origin: 'https://www.example.gov.xx' } },
    ]);
    expect(checked.problems.topics).toContainEqual({ code: 'topic_queue_missing', index: 0, language: 'fr' });
    expect(checkNewSite(filled({ id: 'My Site' }))).toMatchObject({ ok: false, problems: { id: [{ code: 'id_invalid' }] } });
  });

  it('checks origins by the server’s own rule', () => {
    for (const value of ['https://www.example.gov.xx', "'self'", 'https://*.example.gov.xx', 'http://*.example.gov.xx', 'https://WWW.example.gov.xx', 'https://*.xx', 'ftp://x.y']) {
      expect(originFault(value) === null, value).toBe(originProblem(value) === null);
    }
    const duplicate = checkNewSite(filled({ origins: 'https://a.example.gov.xx, https://a.example.gov.xx' }));
    expect(duplicate).toMatchObject({ ok: false, problems: { origins: [{ code: 'origin_duplicate', value: 'https://a.example.gov.xx' }] } });
    expect(originsOf(' https://a.gov.xx ,\n\nhttps://b.gov.xx ')).toEqual(['https://a.gov.xx', 'https://b.gov.xx']);
  });

  it('reads hours typed as text, and refuses what is not a period, a date, a zone or a number of minutes', () => {
    expect(parsePeriods('08:30-12:00, 13:00 – 16:30')).toEqual([
      { opens: '08:30', closes: '12:00' },
      { opens: '13:00', closes: '16:30' },
    ]);
    expect(parsePeriods('')).toEqual([]);
    expect(parsePeriods('00:00-24:00')).toEqual([{ opens: '00:00', closes: '24:00' }]);
    for (const bad of ['8:30-12:00', '12:00-08:00', '25:00-26:00', '08:30', 'morning']) expect(parsePeriods(bad), bad).toBeNull();
    const checked = checkNewSite(
      filled({ hoursOn: true, timeZone: 'Mars/Olympus', weekly: { ...emptySiteDraft().weekly, tue: 'noon' }, holidays: '2026-02-30', lastAdmission: 'soon' }),
    );
    expect(checked).toMatchObject({
      ok: false,
      problems: { hours: [{ code: 'time_zone_invalid' }, { code: 'periods_invalid', day: 'tue' }, { code: 'holiday_invalid', value: '2026-02-30' }, { code: 'last_admission_invalid' }] },
    });
  });

  it('checks other ways and self-service links: text in both languages, https or tel: links', () => {
    const checked = checkNewSite(
      filled({
        otherWays: [
          { kind: 'phone', text: { en: 'Call', fr: '' }, href: { en: 'tel:+18005550100', fr: 'tel:+18005550100' } },
          { kind: 'web_form', text: { en: 'Form', fr: 'Formulaire' }, href: { en: 'tel:+18005550100', fr: 'http://x.gov.xx' } },
          { kind: 'in_person', text: { en: '1 Main St', fr: '1, rue Main' }, href: { en: '', fr: '' } },
        ],
        selfService: [{ label: { en: 'Help', fr: 'Aide' }, url: { en: 'https://x.gov.xx/help', fr: 'javascript:alert(1)' } }],
      }),
    );
    expect(checked).toMatchObject({
      ok: false,
      problems: {
        otherWays: [
          { code: 'way_text_missing', index: 0, language: 'fr' },
          { code: 'way_link_invalid', index: 1, language: 'en', telephone: false },
          { code: 'way_link_invalid', index: 1, language: 'fr', telephone: false },
        ],
        selfService: [{ code: 'self_url_invalid', index: 0, language: 'fr' }],
      },
    });
  });
});

/** A notice every part of which is filled, in both languages. */
const notice = {
  legalAuthority: { en: 'Section 4 of the Department Act', fr: 'Article 4 de la Loi sur le ministère' },
  purpose: { en: 'To answer your question.', fr: 'Pour répondre à votre question.' },
  retention: { en: 'Two years.', fr: 'Deux ans.' },
  personalInformationBank: { en: 'PSU 914', fr: 'POU 914' },
  contact: { en: 'privacy@example.gov.xx', fr: 'vieprivee@example.gov.xx' },
  fullNoticeUrl: { en: 'https://www.example.gov.xx/privacy', fr: 'https://www.example.gov.xx/confidentialite' },
};

describe('a site’s privacy settings (issue #10)', () => {
  const queues = [
    { id: 'general-en', name: { en: 'G', fr: 'G' }, language: 'en' as const, mode: 'automatic' as const, memberIds: [] },
    { id: 'general-fr', name: { en: 'G', fr: 'G' }, language: 'fr' as const, mode: 'automatic' as const, memberIds: [] },
  ];

  it('sends the notice, the kinds removed and the quick exit in a payload the server’s schema and rules accept', () => {
    const checked = checkNewSite(
      filled({
        redaction: { phone: true, email: false, postalCode: true },
        noticeOn: true,
        notice: { ...notice, retention: { en: ' Two years. ', fr: 'Deux ans.' } },
        quickExitOn: true,
        quickExitUrl: ' https://weather.example.com/ ',
      }),
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.payload).toMatchObject({
      redaction: { phone: true, email: false, postalCode: true },
      privacyNotice: notice,
      quickExit: { enabled: true, url: 'https://weather.example.com/' },
    });
    const parsed = SiteCreateSchema.parse(checked.payload);
    expect(siteProblems(parsed, queues)).toEqual([]);
  });

  it('leaves the quick exit’s page to the default when empty, and keeps the general notice when the site has none', () => {
    const checked = checkNewSite(filled({ quickExitOn: true, quickExitUrl: '  ', notice: { ...notice } }));
    expect(checked).toMatchObject({ ok: true, payload: { privacyNotice: null, quickExit: { enabled: true, url: 'https://www.google.ca/' } } });
    // Off, a page that is not https is not sent (nor shown: the field is hidden), and is no problem.
    expect(checkNewSite(filled({ quickExitUrl: 'javascript:alert(1)' }))).toMatchObject({ ok: true, payload: { quickExit: { enabled: false, url: 'https://www.google.ca/' } } });
  });

  it('says which part of the notice is missing, in which language, and refuses links that are not https', () => {
    const checked = checkNewSite(
      filled({
        noticeOn: true,
        notice: { ...notice, purpose: { en: 'To answer.', fr: '  ' }, fullNoticeUrl: { en: 'http://www.example.gov.xx/privacy', fr: 'https://www.example.gov.xx/c' } },
        quickExitOn: true,
        quickExitUrl: 'http://weather.example.com/',
      }),
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(siteFieldsInOrder(checked.problems)).toEqual(['privacyNotice', 'quickExit']);
    expect(checked.problems.privacyNotice).toEqual([
      { code: 'notice_missing', part: 'purpose', language: 'fr' },
      { code: 'notice_url_invalid', language: 'en' },
    ]);
    expect(checked.problems.quickExit).toEqual([{ code: 'quick_exit_url_invalid' }]);
    const long = checkNewSite(filled({ noticeOn: true, notice: { ...notice, contact: { en: 'x'.repeat(1001), fr: 'y' } } }));
    expect(long).toMatchObject({ ok: false, problems: { privacyNotice: [{ code: 'notice_too_long', part: 'contact', language: 'en', max: 1000 }] } });
  });

  it('round-trips: the site as the server answers fills the form again, unchanged; an edit sends only the privacy part changed', () => {
    const checked = checkNewSite(filled({ redaction: { phone: true, email: false, postalCode: false }, noticeOn: true, notice, quickExitOn: true }));
    if (!checked.ok) throw new Error('expected a valid site');
    const saved: SiteAdminView = { ...site, ...SiteCreateSchema.parse(checked.payload), id: 'my-site' };
    const draft = siteDraftOf(saved);
    expect(draft).toMatchObject({ redaction: { phone: true, email: false, postalCode: false }, noticeOn: true, notice, quickExitOn: true, quickExitUrl: '' });
    expect(checkSiteEdit(saved, draft)).toEqual({ ok: false, problems: { form: [{ code: 'nothing_changed' }] } });
    const edit = checkSiteEdit(saved, { ...draft, noticeOn: false, redaction: { ...draft.redaction, email: true } });
    expect(edit).toEqual({ ok: true, payload: { siteId: 'my-site', redaction: { phone: true, email: true, postalCode: false }, privacyNotice: null } });
    expect(edit.ok && SiteUpdateSchema.safeParse(edit.payload).success).toBe(true);
    expect(checkSiteEdit(saved, { ...draft, quickExitOn: false })).toEqual({ ok: true, payload: { siteId: 'my-site', quickExit: { enabled: false, url: 'https://www.google.ca/' } } });
  });

  it('puts the server’s privacy refusals beside their part', () => {
    expect(fieldOfSiteRefusal('update', 'invalid_payload', 'The privacy notice\'s en link: "http://x" is not an https link.')).toBe('privacyNotice');
    expect(fieldOfSiteRefusal('update', 'invalid_payload', 'The privacy notice\'s purpose is missing in French.')).toBe('privacyNotice');
    expect(fieldOfSiteRefusal('update', 'invalid_payload', 'Quick exit: "http://origin.example" is not an https link.')).toBe('quickExit');
    expect(fieldOfSiteRefusal('update', 'invalid_payload', 'Redaction: only phone, email and postalCode can be chosen.')).toBe('redaction');
  });
});

describe('editing a site', () => {
  it('fills the form from the site and sends only what changed', () => {
    const draft = siteDraftOf(site);
    expect(draft.weekly.mon).toBe('08:30-12:00, 13:00-16:30');
    expect(draft.weekly.tue).toBe('');
    expect(checkSiteEdit(site, draft)).toEqual({ ok: false, problems: { form: [{ code: 'nothing_changed' }] } });
    expect(checkSiteEdit(site, { ...draft, chatEnabled: false, origins: `${draft.origins}\nhttps://other.gov.xx` })).toEqual({
      ok: true,
      payload: { siteId: 'permits', chatEnabled: false, allowedOrigins: [...site.allowedOrigins, 'https://other.gov.xx'] },
    });
    expect(checkSiteEdit(site, { ...draft, hoursOn: false })).toEqual({ ok: true, payload: { siteId: 'permits', hours: null } });
  });
});

describe('the embed snippet, the queues a topic may use, and refusals', () => {
  it('is the one tag of the README, on the chat host', () => {
    expect(embedSnippet('https://chat.example.gov.xx/', 'permits')).toBe('<script src="https://chat.example.gov.xx/widget.js" data-site="permits" async></script>');
  });

  it('offers each language only the queues that speak it', () => {
    const queues: QueueAdminView[] = [
      { id: 'a', name: { en: 'A', fr: 'A' }, language: 'en', mode: 'automatic', memberIds: [] },
      { id: 'b', name: { en: 'B', fr: 'B' }, language: 'fr', mode: 'automatic', memberIds: [] },
    ];
    expect(queuesFor(queues, 'fr').map((queue) => queue.id)).toEqual(['b']);
  });

  it('puts a server refusal beside the part it names', () => {
    expect(fieldOfSiteRefusal('create', 'conflict', 'A site "x" exists already.')).toBe('id');
    expect(fieldOfSiteRefusal('update', 'invalid_payload', '"https://x/" is not an origin as browsers send it')).toBe('origins');
    expect(fieldOfSiteRefusal('update', 'invalid_payload', 'Topic "a": there is no queue "q".')).toBe('topics');
    expect(fieldOfSiteRefusal('update', 'invalid_payload', '"Mars/Olympus" is not a known time zone.')).toBe('hours');
    expect(fieldOfSiteRefusal('update', 'invalid_payload', 'The en self-service link: "x" is not a link.')).toBe('selfService');
    expect(fieldOfSiteRefusal('update', 'rate_limited', 'slow down')).toBe('form');
    expect(fieldOfQueueRefusal('update', 'invalid_payload', 'Topics send en chats to this queue (s/t): change them first.')).toBe('language');
    expect(fieldOfQueueRefusal('create', 'invalid_payload', 'There is no active account x.')).toBe('memberIds');
  });
});

describe('queues', () => {
  const queue: QueueAdminView = { id: 'general-en', name: { en: 'General', fr: 'Général' }, language: 'en', mode: 'automatic', memberIds: ['a1', 'a2'] };

  it('checks a new queue and sends it', () => {
    expect(checkNewQueue(emptyQueueDraft())).toEqual({
      ok: false,
      problems: { name: [{ code: 'name_missing', language: 'en' }, { code: 'name_missing', language: 'fr' }], id: [{ code: 'id_missing' }] },
    });
    expect(checkNewQueue({ id: 'permits-fr', name: { en: 'Permits (French)', fr: 'Permis' }, language: 'fr', mode: 'agents_pick', memberIds: ['a1'] })).toEqual({
      ok: true,
      payload: { id: 'permits-fr', name: { en: 'Permits (French)', fr: 'Permis' }, language: 'fr', mode: 'agents_pick', memberIds: ['a1'] },
    });
  });

  it('sends only what an edit changed; members in another order are no change', () => {
    const draft = queueDraftOf(queue);
    expect(checkQueueEdit(queue, { ...draft, memberIds: ['a2', 'a1'] })).toEqual({ ok: false, problems: { form: [{ code: 'nothing_changed' }] } });
    expect(checkQueueEdit(queue, { ...draft, mode: 'agents_pick', memberIds: ['a1'] })).toEqual({ ok: true, payload: { queueId: 'general-en', mode: 'agents_pick', memberIds: ['a1'] } });
  });

  it('offers the active accounts as members, and keeps any inactive one the queue still has', () => {
    const account = (id: string, displayName: string, active: boolean): AccountView => ({
      id,
      email: `${id}@x.test`,
      publicName: { approved: null, request: null },
      displayName,
      role: 'agent',
      languages: ['en'],
      queueIds: [],
      maxConcurrentChats: 3,
      active,
      passwordSet: true,
      linkExpiresAt: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const accounts = [account('z', 'Zoé', true), account('b', 'Bob', false), account('a', 'Ana', true), account('c', 'Cy', false)];
    expect(memberChoices(accounts, ['c'], 'en').map((choice) => choice.id)).toEqual(['a', 'c', 'z']);
  });
});
