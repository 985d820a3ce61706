/**
 * Official languages (issue #10): every string the citizen or an agent reads exists in English and
 * in French, and a French string identical to its English one is a forgotten translation unless it
 * is marked as meant to be the same (SAME_IN_BOTH, with why). Functions are called with sample
 * arguments and compared on what they say.
 */
import { describe, expect, it } from 'vitest';
import { catalogues } from '../../agent-console/src/i18n.js';
import { staffingStrings } from '../../agent-console/src/staffing-strings.js';
import { CHAT_STRINGS, ERROR_STRINGS } from '../../widget/i18n/chat-strings.js';
import { LAUNCHER_STRINGS } from '../../widget/i18n/launcher-strings.js';

/**
 * Strings meant to read the same in both languages: the French word is the English one. A new
 * entry here is a decision a French-speaking reviewer should be able to agree with.
 */
const SAME_IN_BOTH = new Set([
  'Agent',
  'Agents',
  'Agents (Erlang C)',
  'Actions',
  'Code',
  'Console',
  'Message',
  'Messages',
  'Mode',
  'Page',
  'Pages',
  // "Persona" is the word French-speaking designers use too (the Persona page's name).
  'Persona',
  'pages',
  'Site',
  'Sites',
  'Supervision',
  'Total',
  'Version Alex',
  'Volume',
]);

type Tree = { [key: string]: unknown };

/**
 * A sample argument that serves as a name where a string is expected (`Alex`, and every string
 * method) and as 2 where a number is (arithmetic, Intl): enough to tell the languages apart.
 */
class Sample extends String {
  override valueOf(): string {
    return 2 as unknown as string;
  }
}
const SAMPLE_ARGS = [0, 1, 2, 3].map(() => new Sample('Alex'));

/** Every leaf of a catalogue: its path and what it says (a function's output for the sample arguments). */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') found.set(path, value);
    else if (typeof value === 'function') found.set(path, said(value as (...args: unknown[]) => unknown));
    else if (value !== null && typeof value === 'object') for (const [inner, text] of leaves(value as Tree, path)) found.set(inner, text);
  }
  return found;
}

/** What a function says with the sample arguments; one that needs other shapes of argument is compared by its source. */
function said(text: (...args: unknown[]) => unknown): string {
  try {
    return String(text(...SAMPLE_ARGS));
  } catch {
    return `source: ${text.toString()}`;
  }
}

const CATALOGUES: Record<string, { en: unknown; fr: unknown }> = {
  console: catalogues,
  staffing: staffingStrings,
  widget: CHAT_STRINGS,
  'widget-errors': ERROR_STRINGS,
  launcher: LAUNCHER_STRINGS,
};

/** Words that read the same in both languages on their own (numbers, symbols, names, codes). */
const languageFree = (text: string): boolean => !/[a-zà-ÿ]{3,}/i.test(text.replace(/Alex|TTY|SSO|CSV|OFREP|URL|ID|OpenID|Erlang/g, ''));

describe('the catalogues in both official languages', () => {
  for (const [name, { en, fr }] of Object.entries(CATALOGUES)) {
    it(`${name}: every string exists in English and in French`, () => {
      const english = leaves(en as Tree);
      const french = leaves(fr as Tree);
      expect([...french.keys()].filter((key) => !english.has(key)), 'in French only').toEqual([]);
      expect([...english.keys()].filter((key) => !french.has(key)), 'in English only').toEqual([]);
      expect([...french].filter(([, text]) => text.trim() === '').map(([key]) => key), 'empty in French').toEqual([]);
    });

    it(`${name}: no French string is left identical to the English one unless marked`, () => {
      const english = leaves(en as Tree);
      const identical = [...leaves(fr as Tree)]
        .filter(([key, text]) => english.get(key) === text && !languageFree(text) && !SAME_IN_BOTH.has(text))
        .map(([key, text]) => `${name}:${key} = ${JSON.stringify(text)}`);
      expect(identical).toEqual([]);
    });
  }

  it('marks only strings that some catalogue uses in both languages (a stale mark is removed)', () => {
    const used = new Set<string>();
    for (const { en, fr } of Object.values(CATALOGUES)) {
      const english = leaves(en as Tree);
      for (const [key, text] of leaves(fr as Tree)) if (english.get(key) === text) used.add(text);
    }
    expect([...SAME_IN_BOTH].filter((text) => !used.has(text))).toEqual([]);
  });
});
