/**
 * The Rollout page's settings in words (issue #8, point 9): what a change changed ("Share: 5 % →
 * 25 %"), and the policy at a glance. Pure: the strings of the console's language are passed in.
 */
import type { Language } from '../../protocol/languages.js';
import type { PagePatternView, RolloutPolicyView } from '../../protocol/rollout.js';
import type { Strings } from './i18n.js';
import { FEATURES, type Feature, type SettingChange } from './rollout-state.js';

type RolloutStrings = Strings['rollout'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A page pattern as a manager wrote it: `/fr/*` or `/fr/* [fr]`. */
export function patternText(page: PagePatternView | string): string {
  if (typeof page === 'string') return page;
  return page.language === undefined ? page.pattern : `${page.pattern} [${page.language}]`;
}

/** The name of a setting, from its path (`chat.share`, `features.survey.enabled`, `topics.permits.share`). */
export function settingLabel(path: string, strings: Strings): string {
  const words = strings.rollout;
  const known = words.settings[path];
  if (known !== undefined) return known;
  const [root, name, part] = path.split('.');
  if (root === 'features' && name !== undefined && (FEATURES as readonly string[]).includes(name)) {
    return words.featureSetting(words.features[name as Feature], part === undefined ? '' : (words.ruleParts[part] ?? part));
  }
  if (root === 'topics' && name !== undefined) return words.topicSetting(name, part === undefined ? words.ruleParts.enabled! : (words.ruleParts[part] ?? part));
  return path;
}

/** A setting's value in words. */
export function settingValue(path: string, value: unknown, strings: Strings): string {
  const words = strings.rollout;
  const last = path.split('.').at(-1);
  if (value === undefined) return words.none;
  if (value === null) return words.noThreshold;
  if (typeof value === 'boolean') return value ? words.on : words.off;
  if (typeof value === 'number') return last === 'share' ? words.percent(value) : String(value);
  if (typeof value === 'string') {
    if (last === 'outsideHours' && (value === 'show_closed' || value === 'hide')) return words.outsideHours[value];
    if (last === 'stickiness' && (value === 'session' || value === 'browser')) return words.stickiness[value];
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return last === 'includePages' ? words.everyPage : words.none;
    if (last === 'languages') return value.map((language) => strings.languageNames[language as Language] ?? String(language)).join(', ');
    return value.map((item) => (typeof item === 'string' || isRecord(item) ? patternText(item as PagePatternView | string) : String(item))).join(', ');
  }
  if (isRecord(value) && typeof value.share === 'number' && typeof value.enabled === 'boolean') {
    // A whole rule (a topic's, added or removed): on or off, and its share.
    return `${value.enabled ? words.on : words.off}, ${words.percent(value.share)}`;
  }
  return JSON.stringify(value);
}

/** One line per changed setting: "Share: 5 % → 25 %". */
export function changeLines(changes: readonly SettingChange[], strings: Strings): string[] {
  return changes.map((change) =>
    strings.rollout.changeLine(settingLabel(change.path, strings), settingValue(change.path, change.before, strings), settingValue(change.path, change.after, strings)),
  );
}

/** The pages a rule offers on, in words: "Every page", "Only /fr/* [fr], except /fr/admin/*". */
export function pagesText(policy: Pick<RolloutPolicyView, 'chat'>, words: RolloutStrings): string {
  const { includePages, excludePages } = policy.chat;
  const only = includePages.length === 0 ? words.everyPage : words.onlyPages(includePages.map(patternText).join(', '));
  return excludePages.length === 0 ? only : `${only}, ${words.exceptPages(excludePages.join(', '))}`;
}
