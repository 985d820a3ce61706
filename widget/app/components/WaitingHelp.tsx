/**
 * While a chat waits: the site's self-service pages that match its topic and the citizen's first
 * message (self-service-match.ts), as links that open in a new tab so the place in line is kept.
 * Nothing is shown when nothing matches. A part loaded later (parts.ts), fetched when a chat starts.
 */
import type { SelfServiceLink } from '../../../protocol/hours.js';
import type { Language } from '../../../protocol/languages.js';
import { withLater } from '../../i18n/chat-later.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { matchSelfService } from '../self-service-match.js';

export interface WaitingHelpProps {
  links: readonly SelfServiceLink[];
  topicLabel: string | null;
  firstMessage: string | null;
  t: ChatStrings;
  language: Language;
}

export function WaitingHelp({ links, topicLabel, firstMessage, t: pageStrings, language }: WaitingHelpProps) {
  const t = withLater(pageStrings, language);
  const matched = matchSelfService(links, language, topicLabel, firstMessage);
  if (matched.length === 0) return null;
  return (
    <section class="waiting-help" aria-labelledby="waiting-help-heading">
      <h2 id="waiting-help-heading">{t.waitingHelpHeading}</h2>
      <ul class="links">
        {matched.map((link) => (
          <li key={link.url.en}>
            <a href={link.url[language]} target="_blank" rel="noopener">
              {link.label[language]}
              <span class="visually-hidden"> {t.opensInNewTab}</span>
            </a>
          </li>
        ))}
      </ul>
      <p class="hint">{t.waitingHelpKeepsPlace}</p>
    </section>
  );
}
