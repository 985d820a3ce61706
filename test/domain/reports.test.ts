/**
 * Reports' pure arithmetic (server/domain/reports*.ts): facts from generated event logs, folded
 * into hourly cells as a store would, summarised, and checked against figures computed directly
 * from the generated chats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportTables } from '../../protocol/report-tables.js';
import { assignConversation, closeConversation, openConversation, requeueConversation } from '../../server/domain/conversation-lifecycle.js';
import type { ChatMessage, Conversation } from '../../server/domain/entities.js';
import {
  FIGURES,
  HOUR_MS,
  STAFF_SCOPE,
  WAIT_BUCKETS_S,
  bucketOf,
  dimsKey,
  hourOf,
  pageGroup,
  parseDims,
  percentile,
  shareWithin,
  type ReportCell,
  type ReportFact,
} from '../../server/domain/reports.js';
import { conversationFacts, firstResponseFacts, offerFacts, outsideSiteZone, staffFacts, surveyFacts } from '../../server/domain/reports-facts.js';
import { localHour, summarize } from '../../server/domain/reports-summary.js';
import { recordWrapUp } from '../../server/domain/wrap-up.js';
import { transferConversation } from '../../server/domain/transfer.js';

const T0 = Date.parse('2026-11-02T00:00:00Z');

/** Folds facts into cells as a store does (visitor facts once per visitor, figure, hour and dims). */
function fold(facts: readonly ReportFact[]): ReportCell[] {
  const cells = new Map<string, ReportCell>();
  const seen = new Set<string>();
  for (const fact of facts) {
    const key = `${fact.scope}|${fact.hour}|${dimsKey(fact.dims)}`;
    if (fact.visitorKey !== undefined) {
      const visitor = `${key}|${fact.figure}|${fact.visitorKey}`;
      if (seen.has(visitor)) continue;
      seen.add(visitor);
    }
    let cell = cells.get(key);
    if (cell === undefined) cells.set(key, (cell = { scope: fact.scope, hour: fact.hour, dims: { ...fact.dims }, counts: {} }));
    cell.counts[fact.figure] = (cell.counts[fact.figure] ?? 0) + fact.by;
  }
  return [...cells.values()];
}

/** One generated chat: what happens to it, and when (ms after it starts). */
interface ChatPlan {
  startAt: number;
  language: 'en' | 'fr';
  /** Null: abandoned after `endAfter`. */
  answerAfter: number | null;
  endAfter: number;
  firstReplyAfter: number;
  requeued: boolean;
  transferred: boolean;
  wrapUp: string | null;
}

const chatPlan: fc.Arbitrary<ChatPlan> = fc.record({
  startAt: fc.integer({ min: 0, max: 3 * 24 * HOUR_MS }),
  language: fc.constantFrom('en' as const, 'fr' as const),
  answerAfter: fc.option(fc.integer({ min: 0, max: 2400_000 }), { nil: null }),
  endAfter: fc.integer({ min: 1000, max: 1800_000 }),
  firstReplyAfter: fc.integer({ min: 0, max: 120_000 }),
  requeued: fc.boolean(),
  transferred: fc.boolean(),
  wrapUp: fc.option(fc.constantFrom('resolved', 'referred'), { nil: null }),
});

/** Plays a chat through the lifecycle, collecting the facts each change and its first reply count. */
function play(plan: ChatPlan, index: number): { facts: ReportFact[]; final: Conversation } {
  const facts: ReportFact[] = [];
  const share = index % 2 === 0 ? 25 : 50;
  let current = openConversation(
    {
      id: `c${index}`,
      siteId: 'demo',
      queueId: `general-${plan.language}`,
      topicId: 'benefits',
      language: plan.language,
      visitorName: null,
      pageUrl: 'https://example.test/benefits/apply?x=1',
      pageTitle: null,
      visitorTokenHash: 'h',
      reference: `R${String(index).padStart(2, '0')}-TST`,
    },
    T0 + plan.startAt,
  );
  facts.push(...conversationFacts(current, null, share, current.createdAt));
  const change = (next: Conversation, at: number) => {
    facts.push(...conversationFacts(next, current, share, at));
    current = next;
  };
  let at = current.createdAt;
  if (plan.answerAfter !== null) {
    at += plan.answerAfter;
    change(assignConversation(current, 'alex', at), at);
    const reply: ChatMessage = { id: `m${index}`, conversationId: current.id, seq: 1, clientId: `m${index}`, author: { kind: 'agent', agentId: 'alex', name: 'Alex' }, text: 'Hello', sentAt: at + plan.firstReplyAfter };
    facts.push(...firstResponseFacts(current, reply, share));
    if (plan.requeued) {
      change(requeueConversation(current, at + 1000), at + 1000);
      change(assignConversation(current, 'blake', at + 2000), at + 2000);
    }
    if (plan.transferred) change(transferConversation(current, { kind: 'agent', agentId: 'casey' }, current.agentId ?? 'alex', at + 3000), at + 3000);
  }
  at += plan.endAfter;
  change(closeConversation(current, { by: plan.answerAfter === null ? 'visitor' : 'agent', reason: plan.answerAfter === null ? 'visitor_ended' : 'resolved' }, at), at);
  if (plan.wrapUp !== null && current.agentId !== null) {
    change(recordWrapUp(current, current.agentId, { outcome: plan.wrapUp, note: null }, new Set(['resolved', 'referred']), at + 500), at + 500);
  }
  return { facts, final: current };
}

const request = (groupBy: 'day' | 'hour' | 'hourOfDay' | 'language' = 'day', targetSeconds = 60) => ({
  from: T0,
  to: T0 + 10 * 24 * HOUR_MS,
  groupBy,
  timeZone: 'UTC',
  targetSeconds,
});
const noCost = { hoursRead: 0, cellsRead: 0, millis: 0 };

describe('reports: pure helpers', () => {
  it('groups pages by their first path segment, bounded, without query', () => {
    expect(pageGroup('https://example.test/benefits/apply?x=1#y')).toBe('/benefits');
    expect(pageGroup('https://example.test/')).toBe('/');
    expect(pageGroup('/fr/services')).toBe('/fr');
    expect(pageGroup(`https://example.test/${'a'.repeat(300)}`).length).toBeLessThanOrEqual(60);
  });

  it('reads a dimension set back as it was written', () => {
    const dims = { page: '/benefits', language: 'fr' as const, topicId: 't', queueId: 'q', share: 25, agentId: '' };
    expect(parseDims(dimsKey(dims))).toEqual(dims);
  });

  it('puts a duration in the bucket whose bound holds it, past the last in the open bucket', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(10_000)).toBe(0);
    expect(bucketOf(10_001)).toBe(1);
    expect(bucketOf(3_600_000)).toBe(WAIT_BUCKETS_S.length);
  });

  it('reads percentiles and the share within a target from a histogram', () => {
    // 10 chats ≤ 10 s, 10 in (10, 20], nothing else.
    const histogram = [10, 10, ...Array(WAIT_BUCKETS_S.length - 1).fill(0)];
    expect(percentile(histogram, 0.5)).toBe(10);
    expect(percentile(histogram, 0.9)).toBe(18);
    expect(shareWithin(histogram, 10)).toBe(0.5);
    expect(shareWithin(histogram, 20)).toBe(1);
    expect(shareWithin(histogram, 15)).toBe(0.75);
    expect(percentile(Array(WAIT_BUCKETS_S.length + 1).fill(0), 0.5)).toBeNull();
    expect(shareWithin(Array(WAIT_BUCKETS_S.length + 1).fill(0), 60)).toBeNull();
  });

  it('tells a browser zone outside the site’s by its offset, never by name alone', () => {
    const july = Date.parse('2026-07-01T12:00:00Z');
    expect(outsideSiteZone('America/Montreal', 'America/Toronto', july)).toBe(false);
    expect(outsideSiteZone('Europe/Paris', 'America/Toronto', july)).toBe(true);
    expect(outsideSiteZone(undefined, 'America/Toronto', july)).toBeNull();
    expect(outsideSiteZone('Europe/Paris', null, july)).toBeNull();
    expect(outsideSiteZone('Not/AZone', 'America/Toronto', july)).toBeNull();
  });

  it('places an hour in a zone’s day, hour and weekday', () => {
    expect(localHour(Date.parse('2026-11-02T03:00:00Z'), 'America/Toronto')).toEqual({ day: '2026-11-01', hour: 22, weekday: 'sun' });
    expect(localHour(Date.parse('2026-11-02T03:00:00Z'), 'UTC')).toEqual({ day: '2026-11-02', hour: 3, weekday: 'mon' });
  });
});

describe('reports: generated event logs', () => {
  it('counts every chat once, answered or abandoned, with exact sums, whatever the log', () => {
    fc.assert(
      fc.property(fc.array(chatPlan, { minLength: 1, maxLength: 60 }), (plans) => {
        const played = plans.map(play);
        const summary = summarize(fold(played.flatMap((p) => p.facts)), request(), new Map(), noCost);
        const answered = plans.filter((plan) => plan.answerAfter !== null);
        const abandoned = plans.filter((plan) => plan.answerAfter === null);
        expect(summary.totals.started).toBe(plans.length);
        expect(summary.totals.answered).toBe(answered.length);
        expect(summary.totals.abandoned).toBe(abandoned.length);
        expect(summary.totals.closed).toBe(plans.length);
        expect(summary.totals.transferred).toBe(answered.filter((plan) => plan.transferred).length);
        expect(summary.totals.requeued).toBe(answered.filter((plan) => plan.requeued).length);
        const handleMs = answered.map((plan) => plan.endAfter);
        if (handleMs.length > 0) expect(summary.totals.handleAvgSeconds).toBeCloseTo(handleMs.reduce((a, b) => a + b, 0) / handleMs.length / 1000, 6);
        if (abandoned.length > 0) {
          expect(summary.totals.abandonAvgSeconds).toBeCloseTo(abandoned.reduce((a, p) => a + p.endAfter, 0) / abandoned.length / 1000, 6);
        }
        // The share within a bucket bound is exact.
        const within60 = answered.filter((plan) => plan.answerAfter! <= 60_000).length;
        if (answered.length > 0) expect(summary.totals.withinTarget).toBeCloseTo(within60 / answered.length, 9);
        // The median lies in the bucket that holds the true median.
        if (answered.length > 0) {
          const sorted = answered.map((plan) => plan.answerAfter! / 1000).sort((a, b) => a - b);
          const trueMedian = sorted[Math.ceil(sorted.length / 2) - 1]!;
          const bucket = bucketOf(trueMedian * 1000);
          const lower = bucket === 0 ? 0 : WAIT_BUCKETS_S[bucket - 1]!;
          const upper = WAIT_BUCKETS_S[bucket] ?? lower;
          expect(summary.totals.waitP50Seconds!).toBeGreaterThanOrEqual(lower);
          expect(summary.totals.waitP50Seconds!).toBeLessThanOrEqual(upper);
        }
        // Groups add up to the totals, and English plus French waits to all answered.
        expect(summary.groups.reduce((sum, group) => sum + group.figures.started, 0)).toBe(plans.length);
        expect(summary.waitsByLanguage.en.answered + summary.waitsByLanguage.fr.answered).toBe(answered.length);
        expect(summary.waitsByLanguage.en.answered).toBe(answered.filter((plan) => plan.language === 'en').length);
        const wrapUps = Object.fromEntries(summary.wrapUps.map((w) => [w.code, w.count]));
        expect((wrapUps.resolved ?? 0) + (wrapUps.referred ?? 0)).toBe(answered.filter((plan) => plan.wrapUp !== null).length);
        const firstResponse = answered.reduce((a, p) => a + p.firstReplyAfter, 0) / answered.length / 1000;
        if (answered.length > 0) expect(summary.totals.firstResponseAvgSeconds).toBeCloseTo(firstResponse, 6);
      }),
      { numRuns: 60 },
    );
  });

  it('merges the same log cut into different groups into the same totals', () => {
    fc.assert(
      fc.property(fc.array(chatPlan, { minLength: 1, maxLength: 40 }), (plans) => {
        const cells = fold(plans.map(play).flatMap((p) => p.facts));
        const byDay = summarize(cells, request('day'), new Map(), noCost);
        const byHour = summarize(cells, request('hour'), new Map(), noCost);
        const byLanguage = summarize(cells, request('language'), new Map(), noCost);
        expect(byHour.totals).toEqual(byDay.totals);
        expect(byLanguage.totals).toEqual(byDay.totals);
        expect(byLanguage.groups.map((g) => g.key)).toEqual([...new Set(plans.map((p) => p.language))].sort());
      }),
      { numRuns: 30 },
    );
  });

  it('counts offered and closed offers per distinct visitor and hour, and the chat rate from them', () => {
    const seen = (visitorKey: string, at: number, closed = false) =>
      offerFacts({ siteId: 'demo', pageUrl: 'https://example.test/a', language: 'en', visitorKey, offered: !closed, closed, share: 25, at });
    const started = play({ startAt: 0, language: 'en', answerAfter: 5000, endAfter: 60_000, firstReplyAfter: 1000, requeued: false, transferred: false, wrapUp: null }, 0).facts;
    const cells = fold([...seen('v1', T0), ...seen('v1', T0 + 60_000), ...seen('v2', T0), ...seen('v1', T0 + HOUR_MS), ...seen('v3', T0 + 20 * HOUR_MS, true), ...started]);
    const summary = summarize(cells, request('hourOfDay'), new Map(), noCost);
    expect(summary.totals.offered).toBe(3);
    expect(summary.totals.chatRate).toBeCloseTo(1 / 3, 9);
    expect(summary.totals.closedOffers).toBe(1);
    expect(summary.closedDemand[20]).toEqual({ hour: 20, closedOffers: 1, leftMessages: 0 });
  });

  it('counts the survey: satisfaction and the channel shift, every answer listed', () => {
    const survey = (satisfaction: number | null, alternative: string | null) =>
      surveyFacts({ siteId: 'demo', queueId: 'general-en', topicId: 'benefits', language: 'en', satisfaction, alternative, at: T0 }, 25);
    const summary = summarize(fold([...survey(5, 'would_not_have_contacted'), ...survey(3, 'phone'), ...survey(null, 'phone'), ...survey(4, null)]), request(), new Map(), noCost);
    expect(summary.totals.surveys).toBe(4);
    expect(summary.totals.satisfactionAvg).toBe(4);
    expect(summary.channelShift).toEqual([
      { answer: 'phone', count: 2 },
      { answer: 'email', count: 0 },
      { answer: 'in_person', count: 0 },
      { answer: 'website_only', count: 0 },
      { answer: 'would_not_have_contacted', count: 1 },
    ]);
    expect(summary.satisfaction.map((s) => s.count)).toEqual([0, 0, 1, 1, 1]);
    const channels = reportTables(summary).find((t) => t.id === 'channels')!;
    expect(channels.rows[0]).toEqual(['phone', 2, 66.7]);
    expect(channels.rows[4]).toEqual(['would_not_have_contacted', 1, 33.3]);
  });

  it('measures occupancy and concurrency per agent from minute samples', () => {
    const facts = [
      ...staffFacts([{ agentId: 'alex', available: true, slots: 2 }, { agentId: 'blake', available: true, slots: 0 }], T0),
      ...staffFacts([{ agentId: 'alex', available: true, slots: 1 }, { agentId: 'blake', available: false, slots: 0 }], T0 + 60_000),
      ...staffFacts([{ agentId: 'alex', available: true, slots: 0 }], T0 + 120_000),
    ];
    const summary = summarize(fold(facts), request(), new Map([['alex', 'Alex']]), noCost);
    expect(summary.staff).toEqual([
      { agentId: 'alex', name: 'Alex', availableMinutes: 3, busyMinutes: 2, chatMinutes: 3, occupancy: 2 / 3, concurrency: 1.5 },
      { agentId: 'blake', name: 'blake', availableMinutes: 1, busyMinutes: 0, chatMinutes: 0, occupancy: 0, concurrency: null },
    ]);
    expect(fold(facts).every((cell) => cell.scope === STAFF_SCOPE)).toBe(true);
  });

  it('builds tables whose total rows are the totals', () => {
    const cells = fold(play({ startAt: 0, language: 'fr', answerAfter: 30_000, endAfter: 60_000, firstReplyAfter: 0, requeued: false, transferred: false, wrapUp: 'resolved' }, 0).facts);
    const tables = reportTables(summarize(cells, request(), new Map(), noCost));
    const volume = tables.find((t) => t.id === 'volume')!;
    expect(volume.rows.at(-1)).toEqual(['total', 0, 1, null, 1, 0, 0, 0, 1]);
    const languages = tables.find((t) => t.id === 'languages')!;
    expect(languages.rows).toEqual([
      ['en', 0, null, null, null, 0],
      ['fr', 1, 25, 29, 100, 0],
    ]);
    expect(tables.find((t) => t.id === 'outcomes')!.rows).toEqual([
      ['close_reason', 'resolved', 1],
      ['wrap_up', 'resolved', 1],
    ]);
    expect(hourOf(T0 + 5)).toBe(T0);
    expect(FIGURES.started).toBe('started');
  });
});
