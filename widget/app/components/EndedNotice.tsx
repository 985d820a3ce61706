/** Shown when a chat has ended: who ended it, the transcript to keep, and a way to start again. */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Language } from '../../../protocol/languages.js';
import type { Message, VisitorConversation } from '../../../protocol/models.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { authorLabel, timeOf } from './MessageList.js';

export interface EndedNoticeProps {
  conversation: VisitorConversation;
  messages: Message[];
  t: ChatStrings;
  language: Language;
  onNewChat(): void;
  /** Whether the transcript download is offered to this visitor (soft launch). */
  transcript: boolean;
}

export function EndedNotice({ conversation, messages, t, language, onNewChat, transcript }: EndedNoticeProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus the notice itself: the composer the citizen was in has just gone.
  useEffect(() => heading.current?.focus(), []);

  const transcriptUrl = useMemo(() => {
    const lines = messages.map((message) => `[${timeOf(message.sentAt, language)}] ${authorLabel(message, t)}: ${message.text}`);
    return URL.createObjectURL(new Blob([`${t.title}\n\n${lines.join('\n')}\n`], { type: 'text/plain;charset=utf-8' }));
  }, [messages, language, t]);
  useEffect(() => () => URL.revokeObjectURL(transcriptUrl), [transcriptUrl]);

  const who =
    conversation.closedBy === 'visitor'
      ? t.endedByVisitor
      : conversation.closedBy === 'agent'
        ? t.endedByAgent
        : conversation.closeReason === 'visitor_inactive'
          ? t.endedInactive
          : conversation.closeReason === 'visitor_gone'
            ? t.endedGone
            : conversation.closeReason === 'abandoned'
              ? t.endedAbandoned
              : t.endedBySystem;

  return (
    <div class="ended">
      <h2 ref={heading} tabIndex={-1}>
        {t.ended}
      </h2>
      <p>{who}</p>
      {transcript && (
        <p>
          <a href={transcriptUrl} download={t.transcriptFile}>
            {t.downloadTranscript}
          </a>
        </p>
      )}
      <button type="button" class="primary" onClick={onNewChat} data-autofocus>
        {t.newChat}
      </button>
    </div>
  );
}
