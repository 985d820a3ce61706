/**
 * The open chat: who and where from, the messages and notes, whether the visitor is typing, the
 * composer, a note, and ending or closing it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CannedAnswer } from '../../../protocol/agent-tools.js';
import type { AgentConversation, AgentProfile } from '../../../protocol/models.js';
import type { ChatState } from '../console-state.js';
import type { AgentCloseReason, ConsoleErrorCode } from '../console-types.js';
import { errorText, type Strings } from '../i18n.js';
import { useLanguage } from '../language.js';
import { visitorNameOf } from '../visitor-name.js';
import { Composer } from './Composer.js';
import { EndChatDialog } from './EndChatDialog.js';
import { MessageList } from './MessageList.js';
import { NameInSentence } from './NameInSentence.js';
import { NoteForm } from './NoteForm.js';
import { VisitorDetails } from './VisitorDetails.js';

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
}

export function ConversationView(props: Props) {
  const { chat, agent, initialDraft, focusComposer, onDraftChange, onSend, onRetry, onEnd, onDismiss, cannedAnswers, onTyping, onAddNote, onAskStillThere } = props;
  const { strings } = useLanguage();
  const [askError, setAskError] = useState<ConsoleErrorCode | null>(null);
  const { conversation } = chat;
  const name = visitorNameOf(conversation, strings);
  const closed = conversation.status === 'closed';
  const [dialogOpen, setDialogOpen] = useState(false);
  /** Where focus goes once the dialog is gone: back to its opener, or to Close if the chat ended. */
  const focusAfterDialog = useRef<'opener' | 'close' | null>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (dialogOpen || focusAfterDialog.current === null) return;
    (focusAfterDialog.current === 'close' ? closeRef : openerRef).current?.focus();
    focusAfterDialog.current = null;
  }, [dialogOpen, closed]);

  // Ended from the other side: a dialog about ending it has nothing left to do, and a composer the
  // agent was typing in is now disabled, so focus moves to the Close button instead of being lost.
  useEffect(() => {
    if (!closed) return;
    if (dialogOpen) {
      focusAfterDialog.current = 'close';
      setDialogOpen(false);
      return;
    }
    const active = document.activeElement;
    if (active === null || active === document.body || (active instanceof HTMLTextAreaElement && active.disabled)) {
      closeRef.current?.focus();
    }
  }, [closed, dialogOpen]);

  const cancel = () => {
    focusAfterDialog.current = 'opener';
    setDialogOpen(false);
  };

  const confirm = async (reason: AgentCloseReason) => {
    const code = await onEnd(reason);
    if (code === null) {
      focusAfterDialog.current = 'close';
      setDialogOpen(false);
    }
    return code;
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
      {closed && (
        <button type="button" ref={closeRef} className="button-secondary close-chat" onClick={onDismiss}>
          {strings.close}
        </button>
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
