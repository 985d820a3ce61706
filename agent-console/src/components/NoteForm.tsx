/**
 * Adds an internal note to the open chat: seen by agents only, never sent to the visitor, and
 * kept apart from the composer so that a note is never sent as a message by mistake. Held to the
 * message-text rule; a failed note keeps its text and its client id, so "Add note" again adds it once.
 */
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { newClientId } from '../../../delivery/client-id.js';
import { MESSAGE_TEXT_MAX } from '../../../protocol/limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from '../../../protocol/message-text.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';

interface Props {
  /** Resolves with the error code, or null once the note is stored. */
  onAdd: (clientId: string, text: string) => Promise<ConsoleErrorCode | null>;
}

export function NoteForm({ onAdd }: Props) {
  const { strings } = useLanguage();
  const id = useId();
  const [text, setText] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);
  /** The client id of the note being added, kept across retries of the same text. */
  const clientId = useRef<string | null>(null);

  const tooLong = messageLength(normalizeMessageText(text)) > MESSAGE_TEXT_MAX;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (adding || isBlankMessage(text)) return;
    if (tooLong) {
      setError('payload_too_large');
      return;
    }
    clientId.current ??= newClientId();
    setAdding(true);
    setError(null);
    const code = await onAdd(clientId.current, normalizeMessageText(text));
    setAdding(false);
    setError(code);
    if (code === null) {
      clientId.current = null;
      setText('');
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className="note-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-text`}>{strings.noteField}</label>
      <textarea
        id={`${id}-text`}
        rows={2}
        value={text}
        aria-invalid={tooLong}
        aria-describedby={error === null ? `${id}-hint` : `${id}-hint ${id}-error`}
        onChange={(event) => {
          setText(event.target.value);
          // Another text is another note.
          clientId.current = null;
        }}
        onKeyDown={onKeyDown}
      />
      <div className="composer-footer">
        <p id={`${id}-hint`} className="hint">
          {strings.noteHint}
        </p>
        <button type="submit" className="button-secondary" aria-disabled={adding}>
          {adding ? strings.addingNote : strings.addNote}
        </button>
      </div>
      {error !== null && (
        <p id={`${id}-error`} role="alert" className="error-text">
          {strings.noteError(errorText(strings, error, strings.noteErrors))}
        </p>
      )}
    </form>
  );
}
