/**
 * While a chat waits: the site's self-service links that match the chosen topic and the words of
 * the citizen's first message, best first (issue #10, "Keep clients online"). Pure, in the chat's
 * language. Words are compared folded (case, accents), without the commonest words of either
 * language, and by their first letters, so "payment", "payments" and "paiements" find "Payment
 * dates" and "Dates de paiement". A message's words count twice a topic's: they say what this
 * citizen wants; the topic is shared by everyone in the line.
 */
import type { SelfServiceLink } from '../../protocol/hours.js';
import type { Language } from '../../protocol/languages.js';

/** Links shown at most: a short list is read; a long one is skipped. */
export const SELF_SERVICE_SHOWN = 3;

/** Letters compared: enough to join a word's forms (payment/payments, paiement/paiements), few enough to keep them apart. */
const STEM = 6;

const STOP_WORDS = new Set(
  (
    'the and for with you your are was were how what when where why who can could would should will have has had not but this that ' +
    'from into about there their they them our out get got any some just need want please hello thanks thank yes ' +
    'les des une pour avec vous votre vos est sont comment quoi quand pourquoi qui peux peut pouvez dans sur pas mais cette ' +
    'ces mon mes son ses nous leur leurs avoir faire bonjour merci oui aux par plus'
  ).split(' '),
);

/** The words of a text that say something, folded and cut to their first letters. */
export function keywords(text: string): Set<string> {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const words = folded.split(/[^a-z0-9]+/).filter((word) => word.length >= 3 && !STOP_WORDS.has(word));
  return new Set(words.map((word) => word.slice(0, STEM)));
}

const overlap = (a: Set<string>, b: Set<string>): number => [...a].filter((word) => b.has(word)).length;

/** The links whose label shares words with the message or the topic, best first (ties keep the site's order). */
export function matchSelfService(links: readonly SelfServiceLink[], language: Language, topicLabel: string | null, firstMessage: string | null): SelfServiceLink[] {
  const message = keywords(firstMessage ?? '');
  const topic = keywords(topicLabel ?? '');
  return links
    .map((link, order) => {
      const label = keywords(link.label[language]);
      return { link, order, score: 2 * overlap(label, message) + overlap(label, topic) };
    })
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, SELF_SERVICE_SHOWN)
    .map((candidate) => candidate.link);
}
