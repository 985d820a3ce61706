/**
 * The messages, oldest first, as a live log: screen readers announce new ones. Messages not yet
 * confirmed by the server follow, marked "Sending…" or "Not sent" with a retry button. Written
 * text and names are isolated (`dir="auto"`), so a right-to-left override in one cannot reorder
 * what is around it.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Language } from '../../../protocol/languages.js';
import type { Message } from '../../../protocol/models.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { ERROR_STRINGS } from '../catalogue.js';
import type { ChatState } from '../chat-client.js';
import { redactionNote, shownText } from './Privacy.js';

export interface MessageListProps {
  state: ChatState;
  t: ChatStrings;
  language: Language;
  onRetry(clientId: string): void;
}

export function authorLabel(message: Message, t: ChatStrings): string {
  if (message.author.kind === 'visitor') return t.you;
  if (message.author.kind === 'system') return t.service;
  return message.author.name ?? t.agent;
}

export function timeOf(iso: string, language: Language): string {
  return new Date(iso).toLocaleTimeString(language === 'fr' ? 'fr-CA' : 'en-CA', { hour: 'numeric', minute: '2-digit' });
}

export function MessageList({ state, t, language, onRetry }: MessageListProps) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [state.messages.length, state.pending.length]);

  return (
    <div class="log" role="log" aria-label={t.messagesLabel} tabIndex={0}>
      <ol>
        {state.messages.map((message) => (
          <li key={message.id} class={`message from-${message.author.kind}`}>
            <span class="meta">
              <span class="author" dir="auto">
                {authorLabel(message, t)}
              </span>{' '}
              <time dateTime={message.sentAt}>{timeOf(message.sentAt, language)}</time>
            </span>
            <p class="text" dir="auto">
              {shownText(message.text, t)}
            </p>
            {message.author.kind === 'visitor' && redactionNote(message.text, t) !== null && <p class="hint redacted">{redactionNote(message.text, t)}</p>}
          </li>
        ))}
        {state.pending.map((pending) => (
          <li key={pending.clientId} class="message from-visitor pending">
            <span class="meta">
              <span class="author">{t.you}</span>{' '}
              <span>{pending.status === 'failed' ? t.notSent : t.sending}</span>
            </span>
            <p class="text" dir="auto">
              {pending.text}
            </p>
            {pending.status === 'failed' && (
              <p class="error">
                {pending.error !== null ? (ERROR_STRINGS[language][pending.error] ?? ERROR_STRINGS[language].fallback) : ''}{' '}
                <button
                  type="button"
                  class="link"
                  // Several failed messages each get a retry button: the name says which one.
                  aria-label={`${t.retry}: ${pending.text.slice(0, 40)}`}
                  onClick={() => onRetry(pending.clientId)}
                >
                  {t.retry}
                </button>
              </p>
            )}
          </li>
        ))}
      </ol>
      <div ref={end} />
    </div>
  );
}
