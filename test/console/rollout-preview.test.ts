/**
 * The preview in words (issue #8, point 6): each check's verdict, as the server gives it
 * (server/domain/rollout-rules.ts `evaluateRule`), said as a sentence in English and French; the
 * bucket against the share read from the server's own evaluation.
 */
import { describe, expect, it } from 'vitest';
import { catalogues } from '../../agent-console/src/i18n.js';
import { bucketOf, verdictSentence } from '../../agent-console/src/rollout-preview.js';
import { evaluateRule } from '../../server/domain/rollout-rules.js';
import { rolloutBucket } from '../../server/domain/rollout.js';
import { openRule } from '../../server/domain/rollout-policy.js';

const en = catalogues.en;
const fr = catalogues.fr;

describe('the preview in words', () => {
  it('reads the bucket and the share from what the server says', () => {
    const visitorId = 'preview-visitor-0001';
    const evaluation = evaluateRule({ ...openRule('chat-offer'), share: 25 }, { visitorId, pageUrl: 'https://example.gc.ca/en/', language: 'en', withinHours: true });
    const share = evaluation.verdicts.find((verdict) => verdict.check === 'share')!;
    expect(bucketOf(share.detail)).toEqual({ bucket: rolloutBucket('chat-offer', visitorId), share: 25 });
    const bucket = rolloutBucket('chat-offer', visitorId);
    expect(verdictSentence(share, en)).toBe(
      bucket <= 25 ? `This visitor’s bucket is ${bucket} of 100, within the share of 25 %.` : `This visitor’s bucket is ${bucket} of 100, above the share of 25 %.`,
    );
  });

  it('says every check of a refused visitor, in English and French', () => {
    const rule = { ...openRule('chat-offer'), enabled: false, excludePages: ['/en/admin/*'], languages: ['fr' as const], includePages: [{ pattern: '/fr/*', language: 'fr' as const }], outsideHours: 'hide' as const };
    const evaluation = evaluateRule(rule, { visitorId: 'preview-visitor-0002', pageUrl: 'https://example.gc.ca/en/admin/x', language: 'en', withinHours: false });
    expect(evaluation.verdicts.filter((verdict) => verdict.check !== 'share').map((verdict) => verdictSentence(verdict, en))).toEqual([
      'Chat is off: the kill switch is on.',
      'The page is excluded by /en/admin/*.',
      'Not offered in English.',
      'Outside the site’s hours: chat is not shown.',
    ]);
    expect(evaluation.verdicts.filter((verdict) => verdict.check !== 'share').map((verdict) => verdictSentence(verdict, fr))).toEqual([
      'Le clavardage est arrêté\u00a0: l’interrupteur d’arrêt est activé.',
      'La page est exclue par /en/admin/*.',
      'Non offert en anglais.',
      'En dehors des heures du site\u00a0: le clavardage n’est pas affiché.',
    ]);
  });

  it('says what let a visitor through', () => {
    const rule = { ...openRule('chat-offer'), includePages: [{ pattern: '/fr/*', language: 'fr' as const }, { pattern: '/en/*', language: 'en' as const }] };
    const evaluation = evaluateRule(rule, { visitorId: 'preview-visitor-0003', pageUrl: 'https://example.gc.ca/en/permits', language: 'en', withinHours: false });
    expect(evaluation.verdicts.slice(0, 4).map((verdict) => verdictSentence(verdict, en))).toEqual([
      'Chat is on.',
      'The page matches /en/*.',
      'Offered in English.',
      'Outside the site’s hours: chat shows as closed, with the hours.',
    ]);
    expect(verdictSentence({ check: 'page', pass: true, detail: 'every page' }, en)).toBe('Offered on every page.');
    expect(verdictSentence({ check: 'page', pass: false, detail: 'no include pattern matches' }, en)).toBe('The page matches none of the pages chat is offered on.');
  });

  it('falls back to plain words when a detail is not one it knows', () => {
    expect(bucketOf('something else')).toBeNull();
    expect(verdictSentence({ check: 'share', pass: false, detail: null }, en)).toBe('Outside the share.');
  });
});
