/**
 * Asks why the chat ends, in a native modal `<dialog>`: the browser traps focus inside it, makes
 * the page behind inert, and turns Escape into a cancel. The opener gets focus back on close.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AgentCloseReason, ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import { NameInSentence } from './NameInSentence.js';

interface Props {
  visitorName: string;
  /** Resolves with the error code, or null once the chat has ended. */
  onConfirm: (reason: AgentCloseReason) => Promise<ConsoleErrorCode | null>;
  onCancel: () => void;
}

const REASONS: readonly AgentCloseReason[] = ['resolved', 'visitor_unresponsive', 'referred_elsewhere', 'abusive'];

export function EndChatDialog({ visitorName, onConfirm, onCancel }: Props) {
  const { strings } = useLanguage();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<AgentCloseReason>('resolved');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);
  const id = useId();

  // No close() on cleanup: unmounting removes the dialog anyway, and a close() here would fire a
  // late `close` event (cancelling the dialog) when React re-runs effects in development.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const code = await onConfirm(reason);
    // On success the parent unmounts this dialog; only a failure keeps it open.
    if (code !== null) {
      setBusy(false);
      setError(code);
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        // Escape: closing is the parent's decision, so the dialog and the state stay in step.
        event.preventDefault();
        if (!busy) onCancel();
      }}
      onClose={onCancel}
    >
      <form onSubmit={(event) => void confirm(event)}>
        <h2 id={`${id}-title`}>
          <NameInSentence sentence={strings.endDialogHeading} name={visitorName} />
        </h2>
        <p id={`${id}-text`}>{strings.endDialogText}</p>
        <fieldset className="reasons">
          <legend>{strings.reasonLegend}</legend>
          {REASONS.map((choice) => (
            <label key={choice} className="radio">
              <input
                type="radio"
                name={`${id}-reason`}
                value={choice}
                checked={reason === choice}
                onChange={() => setReason(choice)}
              />
              {strings.reasons[choice]}
            </label>
          ))}
        </fieldset>
        {error !== null && (
          <p role="alert" className="error-text">
            {strings.endError(errorText(strings, error))}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button-danger" aria-disabled={busy}>
            {strings.endChat}
          </button>
          <button type="button" className="button-secondary" onClick={onCancel}>
            {strings.cancel}
          </button>
        </div>
        {busy && (
          <p role="status" className="muted">
            {strings.ending}
          </p>
        )}
      </form>
    </dialog>
  );
}
