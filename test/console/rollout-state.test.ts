/**
 * The Rollout page's logic (issue #8, point 9): the form and the settings it makes (the rest of
 * the policy kept), the official-languages refusal said before asking, the server's refusal
 * reasons put beside their fields, what a change changes in words, who may approve (never their
 * own change) or edit, and the schedule.
 */
import { describe, expect, it } from 'vitest';
import type { AudienceRuleView, AuditEntryView, RolloutChangeView, RolloutPolicyView, RolloutState } from '../../protocol/rollout.js';
import { catalogues } from '../../agent-console/src/i18n.js';
import {
  approvalBlock,
  auditChanges,
  awaitingApproval,
  fieldOfServerProblem,
  formOf,
  mayChangeRollout,
  mayEdit,
  officialLanguagesProblem,
  pendingWait,
  sameGovernance,
  scheduled,
  serverProblems,
  settingChanges,
  settingsFromForm,
  settingsOf,
  withChatEnabled,
} from '../../agent-console/src/rollout-state.js';
import { changeLines, pagesText } from '../../agent-console/src/rollout-words.js';

const rule = (groupId: string, share = 100): AudienceRuleView => ({
  enabled: true,
  share,
  groupId,
  includePages: [],
  excludePages: [],
  languages: ['en', 'fr'],
  outsideHours: 'show_closed',
});

const policy = (share: number, version = 3): RolloutPolicyView => ({
  siteId: 'demo',
  version,
  updatedAt: '2026-11-30T13:00:00.000Z',
  chat: rule('chat-offer', share),
  features: {
    transcript: rule('chat-offer.transcript'),
    survey: rule('chat-offer.survey', 50),
    leave_message: rule('chat-offer.leave_message'),
    self_service: rule('chat-offer.self_service'),
  },
  topics: {},
  guard: { enabled: false, maxWaitMinutes: 20, maxQueuePerAgent: 4, reopenRatio: 0.75, reopenAfterMs: 300_000 },
  stickiness: 'session',
});

const toIso = (local: string) => {
  const time = new Date(`${local}:00Z`);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
};

const person = (id: string, displayName: string) => ({ id, displayName });

const change = (over: Partial<RolloutChangeView> = {}): RolloutChangeView => ({
  id: 'c1',
  siteId: 'demo',
  before: policy(5),
  after: policy(25),
  reason: 'Team ready',
  proposedBy: person('morgan', 'Morgan'),
  proposedAt: '2026-11-30T13:05:00.000Z',
  applyAt: null,
  needsApproval: true,
  approvedBy: null,
  approvedAt: null,
  status: 'pending',
  failure: null,
  version: 1,
  ...over,
});

describe('the form', () => {
  it('shows the policy and makes the same settings back when nothing is touched', () => {
    const base = settingsOf(policy(5));
    const outcome = settingsFromForm({ ...formOf(base), reason: 'No change' }, base, toIso);
    expect(outcome).toEqual({ ok: true, settings: base, reason: 'No change', applyAt: null });
    if (outcome.ok) expect(settingChanges(base, outcome.settings)).toEqual([]);
  });

  it('changes what the manager set and keeps what the form does not show (group ids, guard timings)', () => {
    const base = settingsOf(policy(5));
    const form = { ...formOf(base), share: '25', includePages: '/en/*\n/fr/* [fr]\n', excludePages: '/en/admin/*', reason: ' Widen ', applyAt: '2026-12-07T09:00' };
    form.features = { ...form.features, survey: { enabled: false, share: '50' } };
    const outcome = settingsFromForm(form, base, toIso);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.reason).toBe('Widen');
    expect(outcome.applyAt).toBe('2026-12-07T09:00:00.000Z');
    expect(outcome.settings.chat).toEqual({ ...base.chat, share: 25, includePages: [{ pattern: '/en/*' }, { pattern: '/fr/*', language: 'fr' }], excludePages: ['/en/admin/*'] });
    expect(outcome.settings.features.survey).toEqual({ ...base.features.survey, enabled: false });
    expect(outcome.settings.guard).toEqual(base.guard);
    expect(settingChanges(base, outcome.settings).map((setting) => setting.path)).toEqual([
      'chat.share',
      'chat.includePages',
      'chat.excludePages',
      'features.survey.enabled',
    ]);
  });

  it('refuses a share that is not a whole percentage, a missing reason and a bad time, each at its field', () => {
    const base = settingsOf(policy(5));
    const outcome = settingsFromForm({ ...formOf(base), share: '101', reason: '  ', applyAt: 'soon', maxWaitMinutes: 'ten' }, base, toIso);
    expect(outcome).toEqual({
      ok: false,
      problems: [
        { field: 'share', code: 'share_range' },
        { field: 'maxWaitMinutes', code: 'number' },
        { field: 'reason', code: 'reason_missing' },
        { field: 'applyAt', code: 'apply_at_invalid' },
      ],
    });
    const decimal = settingsFromForm({ ...formOf(base), share: '12.5', reason: 'x' }, base, toIso);
    expect(decimal.ok).toBe(false);
  });

  it('takes a guard threshold with a decimal comma, as French writes it, and an empty one as not checked', () => {
    const base = settingsOf(policy(5));
    const outcome = settingsFromForm({ ...formOf(base), guardEnabled: true, maxWaitMinutes: '', maxQueuePerAgent: '2,5', reason: 'Busy season' }, base, toIso);
    expect(outcome.ok && outcome.settings.guard).toEqual({ ...base.guard, enabled: true, maxWaitMinutes: null, maxQueuePerAgent: 2.5 });
  });

  it('gives a new topic rule chat’s rule under its own group id, with the share set', () => {
    const base = settingsOf(policy(40));
    const outcome = settingsFromForm({ ...formOf(base), topics: { permits: { enabled: true, share: '10' } }, reason: 'Permits slowly' }, base, toIso);
    expect(outcome.ok && outcome.settings.topics).toEqual({ permits: { ...base.chat, groupId: 'chat-offer.topic.permits', share: 10 } });
  });
});

describe('official languages', () => {
  it('refuses one language on every page, or on a page not declared in the other language', () => {
    expect(officialLanguagesProblem(['en'], [])).toBe('fr');
    expect(officialLanguagesProblem(['fr'], [{ pattern: '/fr/*', language: 'fr' }, { pattern: '/services/*' }])).toBe('en');
    expect(officialLanguagesProblem(['en'], [{ pattern: '/fr/*', language: 'fr' }])).toBe('fr');
  });

  it('allows both languages anywhere, and one language on pages declared in it', () => {
    expect(officialLanguagesProblem(['en', 'fr'], [])).toBeNull();
    expect(officialLanguagesProblem(['en'], [{ pattern: '/en/*', language: 'en' }])).toBeNull();
  });

  it('says so beside the languages before asking the server, in either language', () => {
    const base = settingsOf(policy(5));
    const outcome = settingsFromForm({ ...formOf(base), languages: { en: true, fr: false }, reason: 'English first' }, base, toIso);
    expect(outcome).toEqual({ ok: false, problems: [{ field: 'languages', code: 'official_languages', missing: 'fr' }] });
    expect(catalogues.en.rollout.officialLanguages(catalogues.en.languageNames.fr)).toMatch(/without French on bilingual pages/);
    expect(catalogues.fr.rollout.officialLanguages(catalogues.fr.languageNames.fr)).toMatch(/sans le français sur des pages bilingues/);
  });
});

describe('the server’s refusal reasons', () => {
  it('puts each problem of an invalid_policy refusal beside its field', () => {
    const message =
      'Chat: Chat would be offered in en but not in fr on bilingual pages (every page): offer both languages, or include only pages declared to be in one language. ' +
      'Feature survey: The share must be a whole percentage from 0 to 100. Topic parking: the site has no such topic. The longest wait must be from 1 to 240 minutes.';
    expect(serverProblems(message).map((problem) => problem.field)).toEqual(['languages', 'feature.survey', 'topic.parking', 'maxWaitMinutes']);
    expect(serverProblems(message)[0]!.text).toMatch(/^Chat: Chat would be offered in en but not in fr/);
  });

  it('sends what it does not recognise to the form as a whole', () => {
    expect(fieldOfServerProblem('Something new.')).toBe('form');
    expect(fieldOfServerProblem('Chat: "/x y": a page pattern has no spaces, query (?) or fragment (#).')).toBe('includePages');
    expect(fieldOfServerProblem('Waiting chats per agent must be from 0.5 to 100.')).toBe('maxQueuePerAgent');
  });
});

describe('what a change changes, in words', () => {
  it('says each setting before and after, in English and French', () => {
    const changes = settingChanges(policy(5), withChatEnabled(settingsOf(policy(25)), false) as RolloutPolicyView);
    expect(changeLines(changes, catalogues.en)).toEqual(['Chat: on → off', 'Share: 5 % → 25 %']);
    expect(changeLines(changes, catalogues.fr)).toEqual(['Clavardage\u00a0: actif → inactif', 'Part\u00a0: 5\u00a0% → 25\u00a0%']);
  });

  it('names features, topics, pages and languages', () => {
    const before = settingsOf(policy(5));
    const after = {
      ...before,
      chat: { ...before.chat, languages: ['en' as const], includePages: [{ pattern: '/en/*', language: 'en' as const }] },
      features: { ...before.features, survey: { ...before.features.survey, share: 75 } },
      topics: { permits: rule('chat-offer.topic.permits', 10) },
    };
    expect(changeLines(settingChanges(before, after), catalogues.en)).toEqual([
      'Only on pages: Every page → /en/* [en]',
      'Languages: English, French → English',
      'Satisfaction survey: share: 50 % → 75 %',
      'Topic permits: on: None → on, 10 %',
    ]);
    expect(pagesText({ chat: { ...after.chat, excludePages: ['/en/admin/*'] } }, catalogues.en.rollout)).toBe('Only /en/* [en], except /en/admin/*');
  });

  it('reads an audit entry holding a change, or two policies, the same way', () => {
    const entry = (before: unknown, after: unknown): Pick<AuditEntryView, 'before' | 'after'> => ({ before, after });
    expect(auditChanges(entry(null, change()))).toEqual([{ path: 'chat.share', before: 5, after: 25 }]);
    expect(auditChanges(entry(policy(25), policy(5)))).toEqual([{ path: 'chat.share', before: 25, after: 5 }]);
    expect(auditChanges(entry({ paused: false }, { paused: true }))).toEqual([]);
  });
});

describe('approvals and the schedule', () => {
  const morgan = { id: 'morgan', role: 'manager' as const };
  const jordan = { id: 'jordan', role: 'manager' as const };
  const sam = { id: 'sam', role: 'supervisor' as const };

  it('never lets a manager approve their own change, and says why', () => {
    expect(approvalBlock(change(), morgan)).toBe('own_change');
    expect(approvalBlock(change(), jordan)).toBeNull();
  });

  it('lets only managers approve, only what waits for approval', () => {
    expect(approvalBlock(change(), sam)).toBe('not_manager');
    expect(approvalBlock(change({ needsApproval: false }), jordan)).toBe('not_needed');
    expect(approvalBlock(change({ approvedBy: person('jordan', 'Jordan') }), jordan)).toBe('approved');
    expect(approvalBlock(change({ status: 'withdrawn' }), jordan)).toBe('not_pending');
    expect(mayChangeRollout('supervisor')).toBe(false);
    expect(mayChangeRollout('manager')).toBe(true);
  });

  it('lets only the proposer edit a pending change', () => {
    expect(mayEdit(change(), morgan)).toBe(true);
    expect(mayEdit(change(), jordan)).toBe(false);
    expect(mayEdit(change({ status: 'applied' }), morgan)).toBe(false);
  });

  it('lists what waits for approval, and the schedule soonest first', () => {
    const later = change({ id: 'later', applyAt: '2026-12-14T14:00:00.000Z', approvedBy: person('jordan', 'Jordan') });
    const sooner = change({ id: 'sooner', applyAt: '2026-12-07T14:00:00.000Z' });
    const now = change({ id: 'now' });
    const state = { pending: [later, now, sooner] };
    expect(awaitingApproval(state).map((c) => c.id)).toEqual(['now', 'sooner']);
    expect(scheduled(state).map((c) => c.id)).toEqual(['sooner', 'later']);
  });

  it('says what a pending change waits for', () => {
    const at = Date.parse('2026-12-01T00:00:00.000Z');
    expect(pendingWait(change(), false, at)).toBe('approval');
    const approved = change({ approvedBy: person('jordan', 'Jordan'), applyAt: '2026-12-07T14:00:00.000Z' });
    expect(pendingWait(approved, false, at)).toBe('time');
    expect(pendingWait(approved, true, at)).toBe('paused');
    expect(pendingWait(approved, false, Date.parse('2026-12-08T00:00:00.000Z'))).toBe('applying');
  });
});

describe('news', () => {
  const state = (over: Partial<RolloutState> = {}): RolloutState => ({
    sites: [{ id: 'demo', name: { en: 'Demo', fr: 'Démo' } }],
    siteId: 'demo',
    policy: policy(5),
    schedulePaused: false,
    pending: [change()],
    recent: [],
    audit: [],
    at: '2026-11-30T13:10:00.000Z',
    ...over,
  });

  it('tells the echo of one’s own change (read already) from someone else’s', () => {
    expect(sameGovernance(state(), state({ at: '2026-11-30T13:10:05.000Z' }))).toBe(true);
    expect(sameGovernance(state(), state({ policy: policy(25, 4) }))).toBe(false);
    expect(sameGovernance(state(), state({ pending: [change({ version: 2 })] }))).toBe(false);
    expect(sameGovernance(state(), state({ schedulePaused: true }))).toBe(false);
  });
});
