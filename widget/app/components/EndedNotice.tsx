/**
 * Shown when a chat has ended: who ended it, the reference to quote, the transcript to keep, the
 * survey (once), and a way to start again.
 */
import { useRef, useState } from 'preact/hooks';
import type { Language } from '../../../protocol/languages.js';
import type { VisitorConversation } from '../../../protocol/models.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { withLater } from '../../i18n/chat-later.js';
import { format } from '../../i18n/format.js';
import type { ChatClient } from '../chat-client.js';
import { Survey } from './Survey.js';
import { TranscriptButton } from './TranscriptButton.js';
import './EndedNotice.css';

export interface EndedNoticeProps {
  client: ChatClient;
  conversation: VisitorConversation;
  t: ChatStrings;
  language: Language;
  onNewChat(): void;
  /** Whether the transcript download is offered to this visitor (soft launch). */
  transcript: boolean;
  /** Whether the survey is offered to this visitor (soft launch). */
  survey: boolean;
}

export function EndedNotice({ client, conversation, t: pageStrings, language, onNewChat, transcript, survey }: EndedNoticeProps) {
  const t = withLater(pageStrings, language);
  const newChat = useRef<HTMLButtonElement>(null);
  const [skipped, setSkipped] = useState(false);
  // Focus the notice itself as it arrives (a ref callback made once runs before the next paint):
  // the composer the citizen was in has just gone.
  const focusOnArrival = useRef((element: HTMLElement | null) => element?.focus()).current;

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
      <h2 ref={focusOnArrival} tabIndex={-1}>
        {t.ended}
      </h2>
      <p>{who}</p>
      <p class="reference">
        <strong>{format(t.reference, { reference: conversation.reference })}</strong>
        <br />
        <span class="hint">{t.referenceHint}</span>
      </p>
      {transcript && <TranscriptButton client={client} t={t} />}
      {survey && !skipped && !conversation.surveyAnswered && (
        <Survey
          client={client}
          t={t}
          language={language}
          onSkip={() => {
            setSkipped(true);
            // The button the citizen was on is gone: the next thing to do.
            requestAnimationFrame(() => newChat.current?.focus());
          }}
        />
      )}
      <p role="status">{conversation.surveyAnswered && t.surveyThanks}</p>
      <button ref={newChat} type="button" class="primary" onClick={onNewChat} data-autofocus>
        {t.newChat}
      </button>
    </div>
  );
}
