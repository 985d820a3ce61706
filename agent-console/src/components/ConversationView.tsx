/**
 * The open chat: who and where from, the messages and notes, whether the visitor is typing, the
 * composer, a note, transferring it, ending it, and once it has ended its wrap-up (or closing it).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { TransferTarget } from '../../../protocol/agent-events.js';
import type { CannedAnswer, WrapUpOutcome } from '../../../protocol/agent-tools.js';
import type { AgentConversation, AgentProfile } from '../../../protocol/models.js';
import { owesWrapUp, type ChatState, type TransferredTo } from '../console-state.js';
import type { AgentCloseReason, ConsoleErrorCode } from '../console-types.js';
import { errorText, type Strings } from '../i18n.js';
import { useLanguage } from '../language.js';
import { visitorNameOf } from '../visitor-name.js';
import { Composer } from './Composer.js';
import { EndChatDialog } from './EndChatDialog.js';
import { MessageList } from './MessageList.js';
import { NameInSentence } from './NameInSentence.js';
import { NoteForm } from './NoteForm.js';
import { TransferDialog, type TransferTargets } from './TransferDialog.js';
import { VisitorDetails } from './VisitorDetails.js';
import { WrapUpForm } from './WrapUpForm.js';

/** The outcome the service records when a wrap-up's time runs out (server/domain/wrap-up.ts). */
const NOT_RECORDED = 'not_recorded';

interface Props {
  chat: ChatState;
  agent: AgentProfile;
  initialDraft: string;
  focusComposer: boolean;
  onDraftChange: (text: string) => void;
  onSend: (text: string) => void;
  onRetry: (clientId: string) => void;
  onEnd: (reason: AgentCloseReason) => Promise<ConsoleErrorCode | null>;
  onDismiss: () => void;
  /** Asks the visitor whether they are still there; resolves with the error code, or null once asked. */
  onAskStillThere: () => Promise<ConsoleErrorCode | null>;
  cannedAnswers: readonly CannedAnswer[];
  onTyping: (typing: boolean) => void;
  onAddNote: (clientId: string, text: string) => Promise<ConsoleErrorCode | null>;
  /** Who and where the chat may be transferred to now. */
  loadTransferTargets: () => Promise<TransferTargets | ConsoleErrorCode>;
  /** Resolves with the error code, or null once transferred (the chat then leaves this view). */
  onTransfer: (to: TransferTarget, note: string | null, toName: TransferredTo) => Promise<ConsoleErrorCode | null>;
  wrapUpOutcomes: readonly WrapUpOutcome[];
  /** Resolves with the error code, or null once saved (the chat then leaves the list). */
  onWrapUp: (outcome: string, note: string | null) => Promise<ConsoleErrorCode | null>;
}

export function ConversationView(props: Props) {
  const { chat, agent, initialDraft, focusComposer, onDraftChange, onSend, onRetry, onEnd, onDismiss, cannedAnswers, onTyping, onAddNote, onAskStillThere } = props;
  const { loadTransferTargets, onTransfer, wrapUpOutcomes, onWrapUp } = props;
  const { strings, language } = useLanguage();
  const [askError, setAskError] = useState<ConsoleErrorCode | null>(null);
  const { conversation } = chat;
  const name = visitorNameOf(conversation, strings);
  const closed = conversation.status === 'closed';
  const [dialogOpen, setDialogOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  /** Where focus goes once a dialog is gone: back to its opener, or to what follows the end of the chat. */
  const focusAfterDialog = useRef<'opener' | 'transfer' | 'ended' | null>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const transferRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const wrapUpRef = useRef<HTMLHeadingElement>(null);
  const wrapUpOwed = owesWrapUp(conversation) && conversation.agentId === agent.id;
  /** Once the chat ends, the agent is taken to its wrap-up, or to Close when none is owed. */
  const afterEnd = () => (wrapUpOwed ? wrapUpRef : closeRef).current?.focus();

  useEffect(() => {
    if (dialogOpen || transferOpen || focusAfterDialog.current === null) return;
    const target = focusAfterDialog.current;
    focusAfterDialog.current = null;
    if (target === 'ended') afterEnd();
    else (target === 'transfer' ? transferRef : openerRef).current?.focus();
  });

  // Ended from the other side: a dialog about the chat has nothing left to do, and a composer the
  // agent was typing in is now disabled, so focus moves to the wrap-up (or Close) instead of being lost.
  useEffect(() => {
    if (!closed) return;
    if (dialogOpen || transferOpen) {
      focusAfterDialog.current = 'ended';
      setDialogOpen(false);
      setTransferOpen(false);
      return;
    }
    const active = document.activeElement;
    if (active === null || active === document.body || (active instanceof HTMLTextAreaElement && active.disabled)) afterEnd();
    // `wrapUpOwed` too: when the wrap-up's time runs out, its form goes, and focus to Close.
  }, [closed, dialogOpen, transferOpen, wrapUpOwed]);

  const cancel = () => {
    focusAfterDialog.current = 'opener';
    setDialogOpen(false);
  };

  const confirm = async (reason: AgentCloseReason) => {
    const code = await onEnd(reason);
    if (code === null) {
      focusAfterDialog.current = 'ended';
      setDialogOpen(false);
    }
    return code;
  };

  const cancelTransfer = () => {
    focusAfterDialog.current = 'transfer';
    setTransferOpen(false);
  };

  return (
    <section className="conversation" aria-labelledby="conversation-heading">
      <div className="conversation-head">
        <h2 id="conversation-heading">
          <NameInSentence sentence={strings.chatWith} name={name} />
        </h2>
        {!closed && (
          <div className="conversation-actions">
            <button type="button" className="button-secondary" onClick={() => void onAskStillThere().then(setAskError)}>
              {strings.askStillThere}
            </button>
            <button type="button" ref={transferRef} className="button-secondary" onClick={() => setTransferOpen(true)}>
              {strings.transfer}
            </button>
            <button type="button" ref={openerRef} className="button-danger" onClick={() => setDialogOpen(true)}>
              {strings.endChat}
            </button>
          </div>
        )}
      </div>
      {askError !== null && !closed && (
        <p role="alert" className="error-text">
          {strings.askStillThereError(errorText(strings, askError))}
        </p>
      )}
      <VisitorDetails conversation={conversation} />
      <MessageList chat={chat} agent={agent} onRetry={closed ? null : onRetry} />
      {/* Always present and polite: said once when the visitor starts typing, not per keystroke. */}
      <p role="status" className="typing-indicator">
        {chat.visitorTyping && !closed && <NameInSentence sentence={strings.visitorTyping} name={name} />}
      </p>
      {/* Always present, so that the words appearing in it are announced. */}
      <div role="status" className={closed ? 'ended-notice' : undefined}>
        {closed && (
          <>
            <p className="ended-title">{strings.chatEnded}</p>
            <p>{endedBy(conversation, chat.endedByMe, strings)}</p>
          </>
        )}
      </div>
      {closed && wrapUpOwed && (
        <WrapUpForm
          key={`wrap-up-${conversation.id}`}
          outcomes={wrapUpOutcomes}
          dueAt={conversation.wrapUp!.dueAt}
          headingRef={wrapUpRef}
          onSave={onWrapUp}
        />
      )}
      {closed && !wrapUpOwed && (
        <>
          {conversation.wrapUp?.outcome != null && (
            <p className="muted">
              {conversation.wrapUp.outcome === NOT_RECORDED
                ? strings.wrapUpExpired
                : strings.wrapUpSaved(wrapUpOutcomes.find((outcome) => outcome.id === conversation.wrapUp!.outcome)?.label[language] ?? conversation.wrapUp.outcome)}
            </p>
          )}
          <button type="button" ref={closeRef} className="button-secondary close-chat" onClick={onDismiss}>
            {strings.close}
          </button>
        </>
      )}
      <Composer
        key={conversation.id}
        initialDraft={initialDraft}
        disabled={closed}
        autoFocus={focusComposer}
        onDraftChange={onDraftChange}
        onSend={onSend}
        cannedAnswers={cannedAnswers}
        chatLanguage={conversation.language}
        onTyping={onTyping}
      />
      <NoteForm key={`note-${conversation.id}`} onAdd={onAddNote} />
      {dialogOpen && !closed && <EndChatDialog visitorName={name} onConfirm={confirm} onCancel={cancel} />}
      {transferOpen && !closed && (
        <TransferDialog
          visitorName={name}
          chatLanguage={conversation.language}
          loadTargets={loadTransferTargets}
          onConfirm={onTransfer}
          onCancel={cancelTransfer}
        />
      )}
    </section>
  );
}

function endedBy(conversation: AgentConversation, endedByMe: boolean, strings: Strings): ReactNode {
  const reason = conversation.closeReason !== null && conversation.closeReason !== 'visitor_ended' ? ` ${strings.reasonIs(strings.reasons[conversation.closeReason])}` : '';
  return (
    <>
      {whoEnded(conversation, endedByMe, strings)}
      {reason}
    </>
  );
}

function whoEnded(conversation: AgentConversation, endedByMe: boolean, strings: Strings): ReactNode {
  if (conversation.closedBy === 'visitor') {
    const name = conversation.visitorName;
    return name === null ? strings.endedByVisitor(null) : <NameInSentence sentence={strings.endedByVisitor} name={name} />;
  }
  if (conversation.closedBy === 'system') return strings.endedBySystem;
  return endedByMe ? strings.endedByYou : strings.endedByAgent;
}
