/** The waiting chats, next first, each with its context and an Accept button. */
import { useRef, useState } from 'react';
import type { QueueEntry } from '../../../protocol/models.js';
import { elapsedSince, formatDuration } from '../format.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import { useNow } from '../use-now.js';
import { visitorNameOf } from '../visitor-name.js';
import { Fact } from './Fact.js';

interface Props {
  queue: readonly QueueEntry[];
  /** Resolves with the error code, or null once the chat is ours. */
  onAccept: (conversationId: string) => Promise<ConsoleErrorCode | null>;
}

/** Codes after which the chat has left the queue, taking its focused button with it. */
const GONE: ReadonlySet<ConsoleErrorCode> = new Set(['conflict', 'not_found', 'conversation_closed']);

export function QueuePanel({ queue, onAccept }: Props) {
  const { strings } = useLanguage();
  const [accepting, setAccepting] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const now = useNow(15_000);

  const accept = async (conversationId: string) => {
    if (accepting !== null) return;
    setAccepting(conversationId);
    setError(null);
    const code = await onAccept(conversationId);
    setAccepting(null);
    setError(code);
    if (code !== null && GONE.has(code)) headingRef.current?.focus();
  };

  return (
    <section className="panel" aria-labelledby="queue-heading">
      <h2 id="queue-heading" ref={headingRef} tabIndex={-1}>
        {strings.queueHeading}
      </h2>
      {error !== null && (
        <p role="alert" className="error-text">
          {errorText(strings, error, strings.acceptErrors)}
        </p>
      )}
      {queue.length === 0 ? (
        <p className="muted">{strings.queueEmpty}</p>
      ) : (
        <ol className="queue-list">
          {queue.map((conversation) => (
            <QueueItem
              key={conversation.id}
              conversation={conversation}
              now={now}
              busy={accepting === conversation.id}
              onAccept={() => void accept(conversation.id)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

interface ItemProps {
  conversation: QueueEntry;
  now: number;
  busy: boolean;
  onAccept: () => void;
}

function QueueItem({ conversation, now, busy, onAccept }: ItemProps) {
  const { strings, language, locale } = useLanguage();
  const name = visitorNameOf(conversation, strings);
  const waited = formatDuration(elapsedSince(conversation.queuedAt, now), locale) ?? strings.lessThanAMinute;
  const detailsId = `queue-item-${conversation.id}`;
  return (
    <li className="queue-item">
      <div className="queue-item-body" id={detailsId}>
        <p className="visitor-name"><bdi>{name}</bdi></p>
        <dl className="facts">
          <Fact term={strings.topic}>{conversation.topicLabel[language]}</Fact>
          <Fact term={strings.language}>{strings.languageNames[conversation.language]}</Fact>
          <Fact term={strings.page} valueClassName="page-ref">
            <bdi>{conversation.pageTitle ?? conversation.pageUrl}</bdi>
          </Fact>
          <Fact term={strings.waiting}>{waited}</Fact>
        </dl>
      </div>
      <button
        type="button"
        className="button-primary"
        aria-label={strings.acceptChatFrom(name)}
        aria-describedby={detailsId}
        aria-disabled={busy}
        onClick={onAccept}
      >
        {busy ? strings.accepting : strings.accept}
      </button>
    </li>
  );
}
