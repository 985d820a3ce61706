/**
 * A chat opened read-only from the supervision view: who holds it, the visitor's details, its
 * messages and notes as they arrive. No composer, no note form, no end button: the supervisor is
 * watching, not holding it (and the server refuses them a message into a chat they do not hold).
 * A "Reassign" button appears only when the view is given somewhere for it to lead.
 */
import type { RefObject } from 'react';
import type { AgentConversation, AgentProfile } from '../../../protocol/models.js';
import type { ChatState } from '../console-state.js';
import { useLanguage } from '../language.js';
import type { WatchedChat } from '../supervision-state.js';
import { visitorNameOf } from '../visitor-name.js';
import { Fact } from './Fact.js';
import { MessageList } from './MessageList.js';
import { NameInSentence } from './NameInSentence.js';
import { VisitorDetails } from './VisitorDetails.js';

interface Props {
  watched: WatchedChat;
  me: AgentProfile;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onClose: () => void;
  /** The integration point for reassigning (transfer): not given, no button. */
  onReassign?: ((conversation: AgentConversation) => void) | undefined;
  /** The close button's words ("Stop watching" unless given: the History page says "Close"). */
  closeLabel?: string | undefined;
}

export function ReadOnlyChat({ watched, me, headingRef, onClose, onReassign, closeLabel }: Props) {
  const { strings } = useLanguage();
  const { conversation } = watched;
  const name = visitorNameOf(conversation, strings);
  const closed = conversation.status === 'closed';
  // The message list draws a chat as an agent holds it; a watched one has no outbox and no unread marks.
  const asChat: ChatState = {
    conversation,
    messages: watched.messages,
    notes: watched.notes,
    pending: [],
    readSeq: Number.MAX_SAFE_INTEGER,
    endedByMe: false,
    visitorTyping: false,
  };
  return (
    <section className="conversation read-only" aria-labelledby="watched-heading">
      <div className="conversation-head">
        <h2 id="watched-heading" ref={headingRef} tabIndex={-1}>
          <NameInSentence sentence={strings.chatWith} name={name} /> <span className="tag">{strings.readOnlyTag}</span>
        </h2>
        <div className="conversation-actions">
          {onReassign !== undefined && !closed && (
            <button type="button" className="button-secondary" onClick={() => onReassign(conversation)}>
              {strings.reassign}
            </button>
          )}
          <button type="button" className="button-secondary" onClick={onClose}>
            {closeLabel ?? strings.stopWatching}
          </button>
        </div>
      </div>
      <p className="read-only-notice">{strings.readOnlyNotice}</p>
      <dl className="facts">
        <Fact term={strings.chatStatus}>
          {/* Read out when the chat is taken, given back or ends. */}
          <span role="status">{strings.conversationStatuses[conversation.status]}</span>
        </Fact>
        <Fact term={strings.heldByTerm}>{conversation.agentName === null ? strings.nobodyYet : <bdi>{conversation.agentName}</bdi>}</Fact>
      </dl>
      <VisitorDetails conversation={conversation} />
      <MessageList chat={asChat} agent={me} onRetry={null} watching />
    </section>
  );
}
