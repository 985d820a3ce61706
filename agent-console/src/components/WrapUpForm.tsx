/**
 * The wrap-up of an ended chat: the outcome (a radio group, none chosen until the agent chooses)
 * and an optional short note, saved before the agent is free for a new chat. Says until when, and
 * what happens then (the outcome is recorded as not recorded and the slot frees by itself). Its
 * heading takes the focus when the chat ends, so that the agent lands on what is asked of them.
 */
import { useId, useState, type FormEvent, type Ref } from 'react';
import type { WrapUpOutcome } from '../../../protocol/agent-tools.js';
import { WRAP_UP_NOTE_MAX } from '../../../protocol/limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from '../../../protocol/message-text.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { formatTime } from '../format.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';

interface Props {
  outcomes: readonly WrapUpOutcome[];
  /** When the wrap-up is due (ISO). */
  dueAt: string;
  headingRef: Ref<HTMLHeadingElement>;
  /** Resolves with the error code, or null once saved. */
  onSave: (outcome: string, note: string | null) => Promise<ConsoleErrorCode | null>;
}

export function WrapUpForm({ outcomes, dueAt, headingRef, onSave }: Props) {
  const { strings, language, locale } = useLanguage();
  const id = useId();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleErrorCode | 'missing' | null>(null);
  const tooLong = messageLength(normalizeMessageText(note)) > WRAP_UP_NOTE_MAX;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (outcome === null) {
      setError('missing');
      return;
    }
    if (tooLong) {
      setError('payload_too_large');
      return;
    }
    setBusy(true);
    setError(null);
    const code = await onSave(outcome, isBlankMessage(note) ? null : normalizeMessageText(note));
    // On success the chat leaves the list, and this form with it.
    if (code !== null) {
      setBusy(false);
      setError(code);
    }
  };

  const errorId = `${id}-error`;
  return (
    <section className="wrap-up" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {strings.wrapUpHeading}
      </h3>
      <p id={`${id}-text`}>{strings.wrapUpText(formatTime(dueAt, locale))}</p>
      <form onSubmit={(event) => void save(event)} aria-describedby={`${id}-text`}>
        {outcomes.length === 0 ? (
          <p className="muted">{strings.wrapUpNoOutcomes}</p>
        ) : (
          <fieldset className="reasons" aria-describedby={error === 'missing' ? errorId : undefined}>
            <legend>{strings.wrapUpOutcome}</legend>
            {outcomes.map((choice) => (
              <label key={choice.id} className="radio">
                <input type="radio" name={`${id}-outcome`} value={choice.id} checked={outcome === choice.id} onChange={() => setOutcome(choice.id)} />
                {choice.label[language]}
              </label>
            ))}
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={`${id}-note`}>{strings.wrapUpNoteLabel}</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            value={note}
            aria-invalid={tooLong}
            aria-describedby={`${id}-note-hint`}
            onChange={(event) => setNote(event.target.value)}
          />
          <p id={`${id}-note-hint`} className="hint">
            {strings.wrapUpNoteHint(WRAP_UP_NOTE_MAX)}
          </p>
        </div>
        {error !== null && (
          <p id={errorId} role="alert" className="error-text">
            {error === 'missing' ? strings.wrapUpMissing : strings.wrapUpError(errorText(strings, error, strings.wrapUpErrors))}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {busy ? strings.savingWrapUp : strings.saveWrapUp}
          </button>
        </div>
      </form>
    </section>
  );
}
