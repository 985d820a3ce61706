/** What the agent knows of the visitor: topic, language, the page they came from, and timing. */
import type { AgentConversation } from '../../../protocol/models.js';
import { elapsedSince, formatDateTime, formatDuration, formatTime } from '../format.js';
import { useLanguage } from '../language.js';

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
  return (
    <dl className="facts visitor-details">
      <div>
        <dt>{strings.topic}</dt>
        <dd>{conversation.topicLabel[language]}</dd>
      </div>
      <div>
        <dt>{strings.language}</dt>
        <dd>{strings.languageNames[conversation.language]}</dd>
      </div>
      <div>
        <dt>{strings.page}</dt>
        <dd className="page-ref">
          {isWebAddress(conversation.pageUrl) ? (
            <a href={conversation.pageUrl} target="_blank" rel="noopener noreferrer">
              {pageLabel}
              <span className="visually-hidden"> {strings.opensInNewTab}</span>
            </a>
          ) : (
            pageLabel
          )}
        </dd>
      </div>
      <div>
        <dt>{strings.queuedAt}</dt>
        <dd>
          <time dateTime={conversation.queuedAt} title={formatDateTime(conversation.queuedAt, locale)}>
            {formatTime(conversation.queuedAt, locale)}
          </time>
        </dd>
      </div>
      {conversation.assignedAt !== null && (
        <div>
          <dt>{strings.acceptedAt}</dt>
          <dd>
            <time dateTime={conversation.assignedAt} title={formatDateTime(conversation.assignedAt, locale)}>
              {formatTime(conversation.assignedAt, locale)}
            </time>
          </dd>
        </div>
      )}
      <div>
        <dt>{strings.waited}</dt>
        <dd>{waited}</dd>
      </div>
    </dl>
  );
}
