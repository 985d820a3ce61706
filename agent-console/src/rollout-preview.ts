/**
 * The preview's answer in words (issue #8, point 6): what a visitor on a page, in a language, at a
 * time would see, and each check's verdict ("bucket 37 of 100 is above the share of 25 %"). Pure:
 * the strings of the console's language are passed in.
 */
import type { Language } from '../../protocol/languages.js';
import type { RULE_CHECK_NAMES } from '../../protocol/rollout-offer.js';
import type { Strings } from './i18n.js';

type CheckName = (typeof RULE_CHECK_NAMES)[number];

/** One check's verdict as the server gives it (protocol/rollout-offer.ts `CheckVerdictSchema`). */
export interface Verdict {
  check: CheckName;
  pass: boolean;
  detail: string | null;
}

/** What the share check looked at: the visitor's bucket (1 to 100) and the share. */
export function bucketOf(detail: string | null): { bucket: number; share: number } | null {
  const match = /bucket (\d+) of 100, share (\d+)/.exec(detail ?? '');
  return match === null ? null : { bucket: Number(match[1]), share: Number(match[2]) };
}

/** A check's verdict as a sentence of the console's language. */
export function verdictSentence(verdict: Verdict, strings: Strings): string {
  const words = strings.rollout.preview.checks;
  const detail = verdict.detail ?? '';
  switch (verdict.check) {
    case 'enabled':
      return verdict.pass ? words.enabledPass : words.enabledFail;
    case 'page': {
      const excluded = /^excluded by (.+)$/.exec(detail);
      if (excluded !== null) return words.pageExcluded(excluded[1]!);
      const included = /^included by (.+)$/.exec(detail);
      if (included !== null) return words.pageIncluded(included[1]!);
      return verdict.pass ? words.pageEvery : words.pageNotIncluded;
    }
    case 'language': {
      const language = detail === 'en' || detail === 'fr' ? strings.languageNames[detail as Language] : detail;
      return verdict.pass ? words.languagePass(language) : words.languageFail(language);
    }
    case 'hours':
      if (detail === 'open') return words.hoursOpen;
      return verdict.pass ? words.hoursClosedShown : words.hoursClosedHidden;
    case 'share': {
      const bucket = bucketOf(verdict.detail);
      if (bucket === null) return verdict.pass ? words.sharePassUnknown : words.shareFailUnknown;
      return verdict.pass ? words.sharePass(bucket.bucket, bucket.share) : words.shareFail(bucket.bucket, bucket.share);
    }
  }
}
