/**
 * Where the agent writes: Enter sends, Shift+Enter adds a line. The draft is kept per chat (and
 * across a reload) so switching chats never loses what was typed; too-long text is not sent.
 * Canned answers go in at the caret ("/" in an empty message opens them); while the agent types,
 * the visitor is told so (delivery/typing.ts paces it).
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { createTypingSender } from '../../../delivery/typing.js';
import type { CannedAnswer } from '../../../protocol/agent-tools.js';
import type { Language } from '../../../protocol/languages.js';
import { MESSAGE_TEXT_MAX } from '../../../protocol/limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from '../../../protocol/message-text.js';
import { insertAt } from '../canned-answers.js';
import { useLanguage } from '../language.js';
import { CannedAnswerPicker } from './CannedAnswerPicker.js';

interface Props {
  initialDraft: string;
  disabled: boolean;
  /** Focus the field: the agent just accepted this chat and will greet the visitor. */
  autoFocus: boolean;
  onDraftChange: (text: string) => void;
  onSend: (text: string) => void;
  cannedAnswers: readonly CannedAnswer[];
  /** The chat's language: canned answers go in in it. */
  chatLanguage: Language;
  /** The agent started or stopped typing (already paced). */
  onTyping: (typing: boolean) => void;
}

/** The count appears this close to the limit, where it starts to matter. */
const COUNT_FROM = MESSAGE_TEXT_MAX - 200;

export function Composer({ initialDraft, disabled, autoFocus, onDraftChange, onSend, cannedAnswers, chatLanguage, onTyping }: Props) {
  const { strings } = useLanguage();
  const [text, setText] = useState(initialDraft);
  const [blocked, setBlocked] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);
  const id = useId();
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  /** Where the caret goes once an inserted answer is in the field. */
  const caretAfterInsert = useRef<number | null>(null);
  /** The picker was opened by typing "/": closing it with Escape gives the "/" back. */
  const openedBySlash = useRef(false);

  const onTypingRef = useRef(onTyping);
  useEffect(() => {
    onTypingRef.current = onTyping;
  });
  const typing = useMemo(() => createTypingSender((isTyping) => onTypingRef.current(isTyping)), []);
  // Leaving the chat (another one opened, the chat ended) counts as having stopped.
  useEffect(() => () => typing.stop(), [typing]);
  useEffect(() => {
    if (disabled) typing.stop();
  }, [disabled, typing]);

  useLayoutEffect(() => {
    const caret = caretAfterInsert.current;
    if (caret === null) return;
    caretAfterInsert.current = null;
    fieldRef.current?.focus();
    fieldRef.current?.setSelectionRange(caret, caret);
  });

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
    typing.stop();
  };

  const insertAnswer = (answer: string) => {
    const field = fieldRef.current;
    const inserted = insertAt(text, field?.selectionStart ?? text.length, field?.selectionEnd ?? text.length, answer);
    caretAfterInsert.current = inserted.caret;
    setPickerOpen(false);
    change(inserted.text);
    typing.input();
  };

  const closePicker = (returnFocus: boolean) => {
    setPickerOpen(false);
    if (!returnFocus) return;
    if (openedBySlash.current && text === '') {
      // A message may start with "/": "/" then Escape types it.
      caretAfterInsert.current = 1;
      change('/');
    } else {
      fieldRef.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an input method is composing (Japanese, Chinese…), Enter confirms the composition.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === '/' && text === '' && cannedAnswers.length > 0 && !event.nativeEvent.isComposing) {
      event.preventDefault();
      openedBySlash.current = true;
      setPickerOpen(true);
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
        onChange={(event) => {
          change(event.target.value);
          if (isBlankMessage(event.target.value)) typing.stop();
          else typing.input();
        }}
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
        <CannedAnswerPicker
          answers={cannedAnswers}
          chatLanguage={chatLanguage}
          open={pickerOpen && !disabled}
          disabled={disabled || cannedAnswers.length === 0}
          onOpen={() => {
            openedBySlash.current = false;
            setPickerOpen(true);
          }}
          onClose={closePicker}
          onPick={insertAnswer}
        />
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
