/**
 * What the agent knows of the visitor: the chat's reference number, topic, language, the page they came from, timing, and
 * whether their chat window is open (and an inactivity warning standing). The page title comes from
 * the visitor's browser, so it is isolated like any written text.
 */
import type { AgentConversation } from '../../../protocol/models.js';
import { elapsedSince, formatDateTime, formatDuration, formatTime } from '../format.js';
import { useLanguage } from '../language.js';
import { Fact } from './Fact.js';

/** Only web addresses become links: the page address comes from the visitor's browser. */
function isWebAddress(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export function VisitorDetails({ conversation }: { conversation: AgentConversation }) {
  const { strings, language, locale } = useLanguage();
  const pageLabel = conversation.pageTitle ?? conversation.pageUrl;
  const waitedUntil = conversation.assignedAt === null ? Date.now() : Date.parse(conversation.assignedAt);
  const waited = formatDuration(elapsedSince(conversation.queuedAt, waitedUntil), locale) ?? strings.lessThanAMinute;
  const at = (iso: string) => (
    <time dateTime={iso} title={formatDateTime(iso, locale)}>
      {formatTime(iso, locale)}
    </time>
  );
  return (
    <dl className="facts visitor-details">
      {/* What the citizen was given to quote, on the phone or in a letter. */}
      <Fact term={strings.reference}>
        <code>{conversation.reference}</code>
      </Fact>
      <Fact term={strings.topic}>{conversation.topicLabel[language]}</Fact>
      <Fact term={strings.language}>{strings.languageNames[conversation.language]}</Fact>
      <Fact term={strings.page} valueClassName="page-ref">
        {isWebAddress(conversation.pageUrl) ? (
          <a href={conversation.pageUrl} target="_blank" rel="noopener noreferrer">
            <bdi>{pageLabel}</bdi>
            <span className="visually-hidden"> {strings.opensInNewTab}</span>
          </a>
        ) : (
          <bdi>{pageLabel}</bdi>
        )}
      </Fact>
      <Fact term={strings.queuedAt}>{at(conversation.queuedAt)}</Fact>
      {conversation.assignedAt !== null && <Fact term={strings.acceptedAt}>{at(conversation.assignedAt)}</Fact>}
      <Fact term={strings.waited}>{waited}</Fact>
      {conversation.status !== 'closed' && (
        <Fact term={strings.chatWindow}>
          {/* One polite live region: read out when the visitor leaves, comes back or is warned. */}
          <span role="status">
            {conversation.visitorLeftAt === null ? (
              strings.chatWindowOpen
            ) : (
              <>
                {strings.chatWindowClosedSince} {at(conversation.visitorLeftAt)}
              </>
            )}
            {conversation.idleWarning !== null && (
              <>
                . {strings.idleWarnedClosesAt} {at(conversation.idleWarning.closesAt)}.
              </>
            )}
          </span>
        </Fact>
      )}
    </dl>
  );
}
