/**
 * Where the agent writes: Enter sends, Shift+Enter adds a line. The draft is kept per chat (and
 * across a reload) so switching chats never loses what was typed; too-long text is not sent.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MESSAGE_TEXT_MAX } from '../../../protocol/limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from '../../../protocol/message-text.js';
import { useLanguage } from '../language.js';

interface Props {
  initialDraft: string;
  disabled: boolean;
  /** Focus the field: the agent just accepted this chat and will greet the visitor. */
  autoFocus: boolean;
  onDraftChange: (text: string) => void;
  onSend: (text: string) => void;
}

/** The count appears this close to the limit, where it starts to matter. */
const COUNT_FROM = MESSAGE_TEXT_MAX - 200;

export function Composer({ initialDraft, disabled, autoFocus, onDraftChange, onSend }: Props) {
  const { strings } = useLanguage();
  const [text, setText] = useState(initialDraft);
  const [blocked, setBlocked] = useState(false);
  const id = useId();
  const fieldRef = useRef<HTMLTextAreaElement>(null);

  // An effect rather than the autoFocus attribute: the chat may be on screen before the accept is confirmed.
  useEffect(() => {
    if (autoFocus) fieldRef.current?.focus();
  }, [autoFocus]);

  // Counted and refused by the same rule as the server's (protocol/message-text.ts): code points.
  const length = messageLength(normalizeMessageText(text));
  const excess = length - MESSAGE_TEXT_MAX;

  const change = (next: string) => {
    setText(next);
    onDraftChange(next);
    if (blocked && messageLength(normalizeMessageText(next)) <= MESSAGE_TEXT_MAX) setBlocked(false);
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (disabled || isBlankMessage(text)) return;
    if (excess > 0) {
      setBlocked(true);
      return;
    }
    onSend(normalizeMessageText(text));
    change('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an input method is composing (Japanese, Chinese…), Enter confirms the composition.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const describedBy = [`${id}-hint`, length >= COUNT_FROM ? `${id}-count` : null, blocked ? `${id}-error` : null]
    .filter((part) => part !== null)
    .join(' ');

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={`${id}-text`}>{strings.messageLabel}</label>
      <textarea
        id={`${id}-text`}
        rows={3}
        value={text}
        ref={fieldRef}
        disabled={disabled}
        aria-invalid={excess > 0}
        aria-describedby={describedBy}
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-footer">
        <p id={`${id}-hint`} className="hint">
          {strings.composerHint}
        </p>
        {length >= COUNT_FROM && (
          <p id={`${id}-count`} className={excess > 0 ? 'char-count over' : 'char-count'}>
            {strings.characterCount(length, MESSAGE_TEXT_MAX)}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={disabled}>
          {strings.send}
        </button>
      </div>
      {blocked && excess > 0 && (
        <p id={`${id}-error`} role="alert" className="error-text">
          {strings.tooLong(excess)}
        </p>
      )}
    </form>
  );
}
