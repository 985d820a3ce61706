/** Finding a canned answer as the agent types, and putting it in the message: pure, no DOM. */
import type { CannedAnswer } from '../../protocol/agent-tools.js';
import type { Language } from '../../protocol/languages.js';

/** Lower case, without accents: "reponse" finds "Réponse". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The answers whose title (in the console's or the chat's language) or text (in the chat's
 * language) holds every word typed, sorted by title in the console's language.
 */
export function matchCannedAnswers(
  answers: readonly CannedAnswer[],
  query: string,
  consoleLanguage: Language,
  chatLanguage: Language,
): CannedAnswer[] {
  const words = fold(query).split(/\s+/).filter((word) => word !== '');
  return answers
    .filter((answer) => {
      const searched = fold(`${answer.title[consoleLanguage]} ${answer.title[chatLanguage]} ${answer.text[chatLanguage]}`);
      return words.every((word) => searched.includes(word));
    })
    .sort((a, b) => a.title[consoleLanguage].localeCompare(b.title[consoleLanguage], consoleLanguage));
}

/** `text` with `insert` in place of the selection, and where the caret goes: right after it. */
export function insertAt(text: string, selectionStart: number, selectionEnd: number, insert: string): { text: string; caret: number } {
  const start = Math.max(0, Math.min(selectionStart, text.length));
  const end = Math.max(start, Math.min(selectionEnd, text.length));
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}
