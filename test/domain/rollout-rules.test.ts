/**
 * Soft-launch rules (issue #8): page patterns, the order of checks and their verdicts, the official
 * languages rule, validation, and (property) that a change `ruleWidens` calls narrowing never
 * offers chat to anyone the rule before did not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rolloutBucket } from '../../server/domain/rollout.js';
import { evaluateRule, pageMatches, patternProblem, validateRule, type Audience, type AudienceRule } from '../../server/domain/rollout-rules.js';
import { openRule, ruleWidens } from '../../server/domain/rollout-policy.js';

const audience = (change: Partial<Audience> = {}): Audience => ({
  visitorId: 'visitor-1',
  pageUrl: 'https://www.example.gc.ca/en/benefits/apply',
  language: 'en',
  withinHours: true,
  ...change,
});
const rule = (change: Partial<AudienceRule> = {}): AudienceRule => ({ ...openRule('chat-offer'), ...change });

describe('page patterns', () => {
  it('match paths, or origins and paths, with * for any run of characters', () => {
    const page = 'https://www.example.gc.ca/en/benefits/apply';
    expect(pageMatches('/en/*', page)).toBe(true);
    expect(pageMatches('/fr/*', page)).toBe(false);
    expect(pageMatches('/en/benefits/apply', page)).toBe(true);
    expect(pageMatches('/en/benefits', page)).toBe(false);
    expect(pageMatches('*/apply', page)).toBe(true);
    expect(pageMatches('/*/benefits/*', page)).toBe(true);
    expect(pageMatches('https://www.example.gc.ca/en/*', page)).toBe(true);
    expect(pageMatches('HTTPS://WWW.Example.GC.CA/en/*', page)).toBe(true);
    expect(pageMatches('https://www.example.gc.ca/EN/*', page)).toBe(false);
    expect(pageMatches('https://other.example.gc.ca/en/*', page)).toBe(false);
    expect(pageMatches('https://www.example.gc.ca', 'https://www.example.gc.ca')).toBe(false);
    expect(pageMatches('https://www.example.gc.ca/', 'https://www.example.gc.ca')).toBe(true);
    expect(pageMatches('/en/*', 'not a url')).toBe(false);
  });

  it('stay cheap on adversarial patterns (no backtracking blow-up)', () => {
    const pattern = `/${'*a'.repeat(99)}`;
    const page = `https://x.test/${'a'.repeat(5000)}b`;
    const started = performance.now();
    expect(pageMatches(pattern, page)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('are refused when they could not mean a page', () => {
    expect(patternProblem('/en/*')).toBeNull();
    expect(patternProblem('https://www.example.gc.ca/en/*')).toBeNull();
    expect(patternProblem('')).toMatch(/1 to 200/);
    expect(patternProblem('en/*')).toMatch(/starts with/);
    expect(patternProblem('https://*.example.gc.ca/')).toMatch(/host without \*/);
    expect(patternProblem('/search?q=*')).toMatch(/query/);
    expect(patternProblem('/a b')).toMatch(/spaces/);
    expect(patternProblem(`/${'a'.repeat(200)}`)).toMatch(/1 to 200/);
  });
});

describe('evaluating a rule', () => {
  it('offers when every check passes, and gives every verdict', () => {
    const evaluation = evaluateRule(rule(), audience());
    expect(evaluation).toMatchObject({ offered: true, failed: null });
    expect(evaluation.verdicts.map((verdict) => [verdict.check, verdict.pass])).toEqual([
      ['enabled', true],
      ['page', true],
      ['language', true],
      ['hours', true],
      ['share', true],
    ]);
  });

  it('names the first check that failed, in order, while still judging the others', () => {
    const off = evaluateRule(rule({ enabled: false, share: 0 }), audience());
    expect(off.failed).toBe('enabled');
    expect(off.verdicts.find((verdict) => verdict.check === 'share')?.pass).toBe(false);
    expect(evaluateRule(rule({ excludePages: ['/en/benefits/*'] }), audience()).failed).toBe('page');
    expect(evaluateRule(rule({ excludePages: ['/en/benefits/*'] }), audience()).verdicts[1]!.detail).toBe('excluded by /en/benefits/*');
    expect(evaluateRule(rule({ includePages: [{ pattern: '/fr/*', language: 'fr' }], languages: ['fr'] }), audience()).failed).toBe('page');
    expect(evaluateRule(rule({ languages: ['fr'] }), audience()).failed).toBe('language');
    expect(evaluateRule(rule({ outsideHours: 'hide' }), audience({ withinHours: false })).failed).toBe('hours');
    expect(evaluateRule(rule({ outsideHours: 'show_closed' }), audience({ withinHours: false })).offered).toBe(true);
    expect(evaluateRule(rule({ share: 0 }), audience()).failed).toBe('share');
  });

  it('offers a share by the visitor’s Unleash bucket in the rule’s group', () => {
    const bucket = rolloutBucket('chat-offer', 'visitor-1');
    expect(evaluateRule(rule({ share: bucket }), audience()).offered).toBe(true);
    expect(evaluateRule(rule({ share: bucket - 1 }), audience()).offered).toBe(false);
    expect(evaluateRule(rule({ share: bucket }), audience()).verdicts[4]!.detail).toBe(`bucket ${bucket} of 100, share ${bucket} %`);
  });

  it('offers about the share asked of many visitors', () => {
    const offered = Array.from({ length: 10_000 }, (_, i) => evaluateRule(rule({ share: 30 }), audience({ visitorId: `v-${i}` })).offered).filter(Boolean).length;
    expect(offered).toBeGreaterThanOrEqual(2800);
    expect(offered).toBeLessThanOrEqual(3200);
  });
});

describe('validating a rule', () => {
  it('accepts the open rule and a narrowed one', () => {
    expect(validateRule(rule())).toEqual([]);
    expect(validateRule(rule({ share: 5, includePages: [{ pattern: '/en/benefits/*' }], excludePages: ['/en/benefits/secure/*'] }))).toEqual([]);
  });

  it('refuses a rule that offers one official language but not the other on bilingual pages, saying why', () => {
    expect(validateRule(rule({ languages: ['en'] }))).toEqual([
      'Chat would be offered in en but not in fr on bilingual pages (every page): offer both languages, or include only pages declared to be in one language.',
    ]);
    expect(validateRule(rule({ languages: ['fr'], includePages: [{ pattern: '/fr/*', language: 'fr' }, { pattern: '/services/*' }] }))[0]).toMatch(/\(\/services\/\*\)/);
    expect(validateRule(rule({ languages: ['fr'], includePages: [{ pattern: '/en/*', language: 'en' }] }))[0]).toMatch(/\(\/en\/\*\)/);
    // Only pages declared French: a French-only offer there is allowed.
    expect(validateRule(rule({ languages: ['fr'], includePages: [{ pattern: '/fr/*', language: 'fr' }] }))).toEqual([]);
  });

  it('refuses a share, group or pattern list out of bounds, and no language at all', () => {
    expect(validateRule(rule({ share: 101 }))).toHaveLength(1);
    expect(validateRule(rule({ share: 2.5 }))).toHaveLength(1);
    expect(validateRule(rule({ groupId: ' ' }))).toHaveLength(1);
    expect(validateRule(rule({ excludePages: Array.from({ length: 51 }, (_, i) => `/p${i}`) }))).toHaveLength(1);
    expect(validateRule(rule({ excludePages: ['nope'] }))).toHaveLength(1);
    expect(validateRule(rule({ languages: [] }))).toEqual(['Choose at least one language.']);
  });
});

describe('widening and narrowing', () => {
  const patterns = ['/en/*', '/fr/*', '/en/benefits/*', '/*/apply', 'https://www.example.gc.ca/*'];
  const ruleArbitrary = fc.record({
    enabled: fc.boolean(),
    share: fc.integer({ min: 0, max: 100 }),
    groupId: fc.constantFrom('chat-offer', 'other-group'),
    includePages: fc.subarray(patterns).map((list) => list.map((pattern) => ({ pattern }))),
    excludePages: fc.subarray(patterns),
    languages: fc.subarray(['en', 'fr'] as const, { minLength: 1 }).map((list) => [...list]),
    outsideHours: fc.constantFrom('show_closed' as const, 'hide' as const),
  });
  const audienceArbitrary = fc.record({
    visitorId: fc.string({ minLength: 1, maxLength: 12 }),
    pageUrl: fc.constantFrom('https://www.example.gc.ca/en/benefits/apply', 'https://www.example.gc.ca/fr/prestations', 'https://other.gc.ca/en/x/apply'),
    language: fc.constantFrom('en' as const, 'fr' as const),
    withinHours: fc.boolean(),
  });

  it('a change that does not widen offers chat to no one the rule before did not (property)', () => {
    fc.assert(
      fc.property(ruleArbitrary, ruleArbitrary, fc.array(audienceArbitrary, { minLength: 1, maxLength: 20 }), (before, after, audiences) => {
        if (ruleWidens(before, after)) return;
        for (const visitor of audiences) {
          if (evaluateRule(after, visitor).offered) expect(evaluateRule(before, visitor).offered).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('calls raising the share, a new language, fewer exclusions, more pages, switching on, or a new group widening', () => {
    const base = rule({ share: 10, includePages: [{ pattern: '/en/*', language: 'en' }], excludePages: ['/en/secure/*'], languages: ['en'] });
    expect(ruleWidens(base, { ...base, share: 20 })).toBe(true);
    expect(ruleWidens(base, { ...base, languages: ['en', 'fr'] })).toBe(true);
    expect(ruleWidens(base, { ...base, excludePages: [] })).toBe(true);
    expect(ruleWidens(base, { ...base, includePages: [...base.includePages, { pattern: '/fr/*', language: 'fr' }] })).toBe(true);
    expect(ruleWidens(base, { ...base, includePages: [] })).toBe(true);
    expect(ruleWidens({ ...base, enabled: false }, base)).toBe(true);
    expect(ruleWidens(base, { ...base, groupId: 'new-group' })).toBe(true);
    expect(ruleWidens(base, { ...base, share: 5 })).toBe(false);
    expect(ruleWidens(base, { ...base, enabled: false })).toBe(false);
    expect(ruleWidens(base, { ...base, excludePages: ['/en/secure/*', '/en/x/*'] })).toBe(false);
  });
});
