/**
 * The conversation's messages as a log (read out politely as they arrive), oldest first, with the
 * agents' internal notes among them (marked as such: never sent to the visitor) and the agent's
 * unconfirmed messages after them. Text is rendered as text; CSS keeps its line breaks.
 * Written text and names are isolated (`dir="auto"`), so a right-to-left override in one message
 * cannot reorder what is around it.
 */
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { Note } from '../../../protocol/agent-tools.js';
import type { AgentProfile, Message } from '../../../protocol/models.js';
import type { OutboxItem } from '../../../delivery/outbox.js';
import { timelineOf, type ChatState } from '../console-state.js';
import { formatDateTime, formatTime } from '../format.js';
import { errorText, type Strings } from '../i18n.js';
import { useLanguage } from '../language.js';
import { visitorNameOf } from '../visitor-name.js';
import { redactionParts } from '../redaction-text.js';

interface Props {
  chat: ChatState;
  agent: AgentProfile;
  /** Null once the chat has ended: a message can no longer be sent into it. */
  onRetry: ((clientId: string) => void) | null;
  /** Read by a supervisor watching it, not by the agent holding it (notes speak of the holder). */
  watching?: boolean;
}

/** How close to the bottom (px) still counts as "reading the latest", so new messages scroll in. */
const STICK_TO_BOTTOM_PX = 48;

export function MessageList({ chat, agent, onRetry, watching = false }: Props) {
  const { strings } = useLanguage();
  const logRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  const count = chat.messages.length + chat.notes.length + chat.pending.length;
  useLayoutEffect(() => {
    const log = logRef.current;
    // Scrolling is instant, not smooth: it follows content the agent asked for, and motion is spared.
    if (log !== null && atBottom.current) log.scrollTop = log.scrollHeight;
  }, [count]);

  return (
    <div
      ref={logRef}
      role="log"
      aria-label={strings.messages}
      tabIndex={0}
      className="message-log"
      onScroll={(event) => {
        const log = event.currentTarget;
        atBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight < STICK_TO_BOTTOM_PX;
      }}
    >
      {count === 0 ? (
        <p className="muted">{strings.noMessagesYet}</p>
      ) : (
        // One list with one key per clientId, so a message keeps its node when the server confirms
        // it and the log does not read it out a second time.
        <ol className="messages">
          {[
            ...timelineOf(chat).map((item) => {
              if (item.kind === 'note') return <NoteItem key={`note:${item.note.id}`} note={item.note} agent={agent} watching={watching} />;
              const { message } = item;
              return (
                <MessageItem
                  key={`${message.author.kind}:${message.clientId}`}
                  tone={authorClass(message, agent)}
                  author={authorLabel(message, chat, agent, strings)}
                  text={message.text}
                  meta={<When iso={message.sentAt} />}
                />
              );
            }),
            ...chat.pending.map((item) => (
              <MessageItem
                key={`agent:${item.clientId}`}
                tone={item.status === 'failed' ? 'mine message-failed' : 'mine message-pending'}
                author={strings.you}
                text={item.text}
                meta={<span className="message-state">{pendingState(item, strings)}</span>}
                action={
                  item.status === 'failed' && onRetry !== null ? (
                    <button type="button" className="button-small" onClick={() => onRetry(item.clientId)}>
                      {strings.tryAgain}
                    </button>
                  ) : null
                }
              />
            )),
          ]}
        </ol>
      )}
    </div>
  );
}

function When({ iso }: { iso: string }) {
  const { locale } = useLanguage();
  return (
    <time dateTime={iso} title={formatDateTime(iso, locale)}>
      {formatTime(iso, locale)}
    </time>
  );
}

/**
 * A note, marked in words (not by colour alone) as never sent to the visitor; the record that
 * the visitor switched language, telling an agent who does not chat in it that the chat stays
 * theirs; or the record of a transfer, with the note left for the next agent.
 */
function NoteItem({ note, agent, watching }: { note: Note; agent: AgentProfile; watching: boolean }) {
  const { strings } = useLanguage();
  if (note.kind === 'transferred') return <TransferRecord note={note} agent={agent} />;
  if (note.kind === 'language-switched') {
    // "The chat stays with you" is for the agent holding it, not for a supervisor watching.
    const notYours = !watching && !agent.languages.includes(note.to);
    return (
      <li className="message message-system">
        <p className="message-meta">
          <When iso={note.createdAt} />
        </p>
        <p className="message-text">
          {strings.languageSwitched(note.to)}
          {notYours && ` ${strings.languageNotYours(note.to)}`}
        </p>
      </li>
    );
  }
  return (
    <li className="message message-note">
      <p className="message-meta">
        <span className="note-label">{strings.noteLabel}</span>{' '}
        <span className="message-author" dir="auto">
          {note.agentId === agent.id ? strings.you : note.authorName}
        </span>{' '}
        <When iso={note.createdAt} />
      </p>
      <p className="message-text" dir="auto">
        {note.text}
      </p>
    </li>
  );
}

/** Who passed the chat on, to whom, from whom (a reassignment), and their note: for agents only. */
function TransferRecord({ note, agent }: { note: Extract<Note, { kind: 'transferred' }>; agent: AgentProfile }) {
  const { strings, language } = useLanguage();
  const by = note.byAgentId === agent.id ? null : note.byName;
  const sentence =
    note.to.kind === 'agent' && note.to.agentId === agent.id && by !== null
      ? strings.transferRecordToYou(by)
      : strings.transferRecord(by, note.to.kind === 'agent' ? note.to.name : strings.queueNamed(note.to.name[language]));
  // A reassignment: someone else held the chat until then.
  const from = note.fromAgentId !== null && note.fromAgentId !== note.byAgentId ? strings.transferRecordFrom(note.fromAgentId === agent.id ? null : note.fromName) : null;
  return (
    <li className="message message-note">
      <p className="message-meta">
        <span className="note-label">{strings.noteLabel}</span> <When iso={note.createdAt} />
      </p>
      <p className="message-text">
        {sentence}
        {from !== null && ` ${from}`}
      </p>
      {note.text !== null && (
        <p className="message-text">
          <span className="note-label">{strings.transferNoteIs}</span>{' '}
          <span dir="auto">{note.text}</span>
        </p>
      )}
    </li>
  );
}

interface ItemProps {
  tone: string;
  author: string;
  text: string;
  meta: ReactNode;
  action?: ReactNode;
}

function MessageItem({ tone, author, text, meta, action = null }: ItemProps) {
  return (
    <li className={`message message-${tone}`}>
      <p className="message-meta">
        <span className="message-author" dir="auto">
          {author}
        </span>{' '}
        {meta}
      </p>
      <p className="message-text" dir="auto">
        <MessageText text={text} />
      </p>
      {action}
    </li>
  );
}

/**
 * The text, each identifier the server removed shown as a label in the console's language
 * ("[SIN removed]"), set apart by a border and its words (not by colour alone), rather than the
 * raw `[redacted:sin]` marker.
 */
export function MessageText({ text }: { text: string }) {
  const { strings } = useLanguage();
  return (
    <>
      {redactionParts(text).map((part, index) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <span key={index} className="redaction-marker" title={strings.redactionTitle}>
            {strings.redactionMarkers[part.redaction]}
          </span>
        ),
      )}
    </>
  );
}

function pendingState(item: OutboxItem, strings: Strings): string {
  return item.status === 'failed' && item.error !== null ? strings.notSent(errorText(strings, item.error)) : strings.sending;
}

function isMine(message: Message, agent: AgentProfile): boolean {
  // By account, not by name: two agents may share a first name, and a chat that went back to the
  // queue holds an earlier agent's messages.
  return message.author.kind === 'agent' && message.author.agentId === agent.id;
}

function authorClass(message: Message, agent: AgentProfile): string {
  return isMine(message, agent) ? 'mine' : message.author.kind;
}

function authorLabel(message: Message, chat: ChatState, agent: AgentProfile, strings: Strings): string {
  switch (message.author.kind) {
    case 'visitor':
      return visitorNameOf(chat.conversation, strings);
    case 'agent':
      return isMine(message, agent) ? strings.you : (message.author.name ?? strings.agent);
    case 'system':
      return strings.system;
  }
}
