/** The chats this agent holds, with unread counts; each is a button that opens it. */
import type { Ref } from 'react';
import type { AgentProfile } from '../../../protocol/models.js';
import { openChats, unreadCount, type ChatState } from '../console-state.js';
import { useLanguage } from '../language.js';
import { visitorNameOf } from '../visitor-name.js';

interface Props {
  agent: AgentProfile;
  chats: readonly ChatState[];
  selectedId: string | null;
  onSelect: (conversationId: string) => void;
  /** Where focus goes when the focused chat leaves the list. */
  headingRef: Ref<HTMLHeadingElement>;
}

export function MyChatsPanel({ agent, chats, selectedId, onSelect, headingRef }: Props) {
  const { strings, language } = useLanguage();
  return (
    <section className="panel" aria-labelledby="my-chats-heading">
      <h2 id="my-chats-heading" ref={headingRef} tabIndex={-1}>
        {strings.myChatsHeading}
      </h2>
      <p className="muted">{strings.chatsOpen(openChats(chats), agent.maxConcurrentChats)}</p>
      {chats.length === 0 ? (
        <p className="muted">{strings.myChatsEmpty}</p>
      ) : (
        <ul className="chat-list">
          {chats.map((chat) => {
            const unread = unreadCount(chat);
            const closed = chat.conversation.status === 'closed';
            const name = visitorNameOf(chat.conversation, strings);
            const topic = chat.conversation.topicLabel[language];
            return (
              <li key={chat.conversation.id}>
                <button
                  type="button"
                  className="chat-button"
                  aria-current={chat.conversation.id === selectedId ? 'true' : undefined}
                  onClick={() => onSelect(chat.conversation.id)}
                >
                  <span className="chat-button-text">
                    <span className="visitor-name"><bdi>{name}</bdi></span>
                    <span className="chat-button-topic">{topic}</span>
                  </span>
                  {closed && <span className="tag">{strings.endedTag}</span>}
                  {unread > 0 && (
                    // The number is what sighted agents scan for; the name says what it counts.
                    <span className="badge">
                      <span aria-hidden="true">{unread}</span>
                      <span className="visually-hidden">{strings.unread(unread)}</span>
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
