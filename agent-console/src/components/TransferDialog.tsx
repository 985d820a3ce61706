/**
 * Transfers the open chat, in a native modal `<dialog>` (the browser traps focus in it, makes the
 * page behind inert and turns Escape into a cancel): to an agent who can take it now (available,
 * chatting in its language, with room; asked of the server when the dialog opens) or to a queue of
 * its language, with an optional note for the next agent (never sent to the visitor).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TransferTarget } from '../../../protocol/agent-events.js';
import type { TransferAgentTarget, TransferQueueTarget } from '../../../protocol/agent-tools.js';
import type { Language } from '../../../protocol/languages.js';
import { MESSAGE_TEXT_MAX } from '../../../protocol/limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from '../../../protocol/message-text.js';
import type { TransferredTo } from '../console-state.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import { NameInSentence } from './NameInSentence.js';

export interface TransferTargets {
  agents: readonly TransferAgentTarget[];
  queues: readonly TransferQueueTarget[];
}

interface Props {
  visitorName: string;
  /** The chat's language: who can take it depends on it. */
  chatLanguage: Language;
  /** Asks who and where the chat may go now; resolves with them, or an error code. */
  loadTargets: () => Promise<TransferTargets | ConsoleErrorCode>;
  /** Resolves with the error code, or null once the chat has been transferred. */
  onConfirm: (to: TransferTarget, note: string | null, toName: TransferredTo) => Promise<ConsoleErrorCode | null>;
  onCancel: () => void;
}

export function TransferDialog({ visitorName, chatLanguage, loadTargets, onConfirm, onCancel }: Props) {
  const { strings, language } = useLanguage();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [kind, setKind] = useState<TransferTarget['kind']>('agent');
  const [agentId, setAgentId] = useState('');
  const [queueId, setQueueId] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);

  // No close() on cleanup: unmounting removes the dialog anyway (see EndChatDialog).
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    let current = true;
    void loadTargets().then((loaded) => {
      if (!current) return;
      if (typeof loaded === 'string') {
        setError(loaded);
        setTargets({ agents: [], queues: [] });
        return;
      }
      setTargets(loaded);
      setAgentId(loaded.agents[0]?.id ?? '');
      setQueueId(loaded.queues[0]?.id ?? '');
      // Nobody to hand it to: a queue is the way.
      if (loaded.agents.length === 0 && loaded.queues.length > 0) setKind('queue');
    });
    return () => {
      current = false;
    };
  }, [loadTargets]);

  const tooLong = messageLength(normalizeMessageText(note)) > MESSAGE_TEXT_MAX;
  const agent = targets?.agents.find((candidate) => candidate.id === agentId);
  const queue = targets?.queues.find((candidate) => candidate.id === queueId);
  const ready = kind === 'agent' ? agent !== undefined : queue !== undefined;

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !ready) return;
    if (tooLong) {
      setError('payload_too_large');
      return;
    }
    setBusy(true);
    setError(null);
    const text = isBlankMessage(note) ? null : normalizeMessageText(note);
    const code =
      kind === 'agent'
        ? await onConfirm({ kind: 'agent', agentId: agent!.id }, text, { kind: 'agent', name: agent!.displayName })
        : await onConfirm({ kind: 'queue', queueId: queue!.id }, text, { kind: 'queue', name: queue!.name });
    // On success the chat is gone, and this dialog with it; only a failure keeps it open.
    if (code !== null) {
      setBusy(false);
      setError(code);
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog transfer-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
      onClose={onCancel}
    >
      <form onSubmit={(event) => void confirm(event)}>
        <h2 id={`${id}-title`}>
          <NameInSentence sentence={strings.transferDialogHeading} name={visitorName} />
        </h2>
        <p id={`${id}-text`}>{strings.transferDialogText}</p>
        {targets === null ? (
          <p role="status" className="muted">
            {strings.transferLoading}
          </p>
        ) : (
          <>
            <fieldset className="reasons">
              <legend>{strings.transferTo}</legend>
              {(['agent', 'queue'] as const).map((choice) => (
                <label key={choice} className="radio">
                  <input type="radio" name={`${id}-kind`} value={choice} checked={kind === choice} onChange={() => setKind(choice)} />
                  {choice === 'agent' ? strings.transferToAgent : strings.transferToQueue}
                </label>
              ))}
            </fieldset>
            {kind === 'agent' &&
              (targets.agents.length === 0 ? (
                <p className="muted">{strings.transferNoAgent(chatLanguage)}</p>
              ) : (
                <div className="field">
                  <label htmlFor={`${id}-agent`}>{strings.transferAgentLabel}</label>
                  <select id={`${id}-agent`} value={agentId} onChange={(event) => setAgentId(event.target.value)}>
                    {targets.agents.map((target) => (
                      <option key={target.id} value={target.id}>
                        {strings.transferAgentOption(target.displayName, target.activeChats, target.maxChats)}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            {kind === 'queue' &&
              (targets.queues.length === 0 ? (
                <p className="muted">{strings.transferNoQueue}</p>
              ) : (
                <div className="field">
                  <label htmlFor={`${id}-queue`}>{strings.transferQueueLabel}</label>
                  <select id={`${id}-queue`} value={queueId} onChange={(event) => setQueueId(event.target.value)}>
                    {targets.queues.map((target) => (
                      <option key={target.id} value={target.id}>
                        {target.name[language]}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            <div className="field">
              <label htmlFor={`${id}-note`}>{strings.transferNoteLabel}</label>
              <textarea
                id={`${id}-note`}
                rows={3}
                value={note}
                aria-invalid={tooLong}
                aria-describedby={`${id}-note-hint`}
                onChange={(event) => setNote(event.target.value)}
              />
              <p id={`${id}-note-hint`} className="hint">
                {strings.transferNoteHint}
              </p>
            </div>
          </>
        )}
        {error !== null && (
          <p role="alert" className="error-text">
            {strings.transferError(errorText(strings, error, strings.transferErrors))}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button-primary" aria-disabled={busy || !ready}>
            {strings.transfer}
          </button>
          <button type="button" className="button-secondary" onClick={onCancel}>
            {strings.cancel}
          </button>
        </div>
        {busy && (
          <p role="status" className="muted">
            {strings.transferring}
          </p>
        )}
      </form>
    </dialog>
  );
}
