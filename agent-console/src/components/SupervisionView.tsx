/**
 * Supervision (supervisors and managers): every queue and every agent, live, in two tables; a
 * limit editor per agent; a list of a queue's or an agent's chats; and one chat open read-only.
 * The server refuses all of it to agents; the console shows the section only to those who may.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent, type RefObject } from 'react';
import { AGENT_CHAT_LIMIT_MAX } from '../../../protocol/limits.js';
import type { AgentConversation, AgentProfile } from '../../../protocol/models.js';
import type { SupervisedAgent, SupervisedQueue } from '../../../protocol/supervision.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { elapsedSince, formatDuration } from '../format.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { SupervisionClient } from '../supervision-client.js';
import { maySetLimit, sameChatsOf, type ChatList, type ChatsOf } from '../supervision-state.js';
import { useNow } from '../use-now.js';
import { visitorNameOf } from '../visitor-name.js';
import { ReadOnlyChat } from './ReadOnlyChat.js';

interface Props {
  supervision: SupervisionClient;
  me: AgentProfile;
  /**
   * Where a "Reassign" button on the open chat leads: the transfer of a chat to an agent or a queue
   * (`conversation:transfer`, built apart). Not given, no button is drawn.
   */
  onReassign?: (conversation: AgentConversation) => void;
  /** The page's h1 (supervision is a console page), focused when someone moves to the page. */
  headingRef?: RefObject<HTMLHeadingElement | null>;
}

export function SupervisionView({ supervision, me, onReassign, headingRef }: Props) {
  const { strings } = useLanguage();
  const state = useSyncExternalStore(supervision.subscribe, supervision.getState);
  const now = useNow(15_000);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const chatHeading = useRef<HTMLHeadingElement>(null);
  const chatArea = useRef<HTMLDivElement>(null);

  // Subscribed once, when the section is first shown; the console keeps it live afterwards.
  useEffect(() => {
    if (!supervision.getState().subscribed) void supervision.open();
  }, [supervision]);

  const queueName = (queueId: string) => state.queues.find((queue) => queue.id === queueId)?.name;

  // The list follows its queue or agent: when their line or load changes, it is read again.
  const listOf = state.list?.of ?? null;
  const listKey = listOf === null ? null : JSON.stringify(listOf);
  const listQueue = listOf !== null && 'queueId' in listOf ? state.queues.find((queue) => queue.id === listOf.queueId) : undefined;
  const listAgent = listOf !== null && 'agentId' in listOf ? state.agents.find((agent) => agent.id === listOf.agentId) : undefined;
  const listCount = `${listQueue?.waiting}|${listQueue?.oldestQueuedAt}|${listAgent?.openChats}`;
  const seen = useRef<{ key: string | null; count: string | null }>({ key: null, count: null });
  useEffect(() => {
    if (listKey !== null && seen.current.key === listKey && seen.current.count !== listCount) supervision.refreshChats();
    seen.current = { key: listKey, count: listCount };
  }, [listKey, listCount, supervision]);

  const showChats = (of: ChatsOf) => {
    void supervision.showChats(of);
    listHeading.current?.focus();
  };

  const watch = async (conversationId: string) => {
    if (await supervision.watch(conversationId)) {
      chatHeading.current?.focus();
      if (window.matchMedia('(max-width: 56rem)').matches) chatArea.current?.scrollIntoView({ block: 'start' });
    }
  };

  return (
    <div className="supervision">
      <section className="panel" aria-labelledby="supervision-heading">
        <h1 id="supervision-heading" ref={headingRef} tabIndex={-1}>
          {strings.supervisionHeading}
        </h1>
        <p className="muted">{strings.supervisionIntro}</p>
        {!state.loaded ? (
          state.error !== null ? (
            <p role="alert" className="error-text">
              {strings.supervisionError(errorText(strings, state.error))}
            </p>
          ) : (
            <p role="status">{strings.loading}</p>
          )
        ) : (
          <>
            <QueuesTable queues={state.queues} now={now} list={state.list} onShowChats={showChats} />
            <AgentsTable agents={state.agents} me={me} queueName={queueName} list={state.list} onShowChats={showChats} onSetLimit={(id, max) => supervision.setLimit(id, max)} />
          </>
        )}
      </section>
      <div className="console-layout">
        <div className="sidebar">
          <ChatListPanel
            list={state.list}
            headingRef={listHeading}
            queueName={queueName}
            agentName={(agentId) => state.agents.find((agent) => agent.id === agentId)?.displayName}
            watchedId={state.watched?.conversation.id ?? null}
            now={now}
            onWatch={(id) => void watch(id)}
          />
        </div>
        <div className="conversation-area" ref={chatArea}>
          {state.watchError !== null && (
            <p role="alert" className="error-text">
              {strings.watchError(errorText(strings, state.watchError, strings.watchErrors))}
            </p>
          )}
          {state.watched === null ? (
            <p className="muted no-chat">{strings.watchedNone}</p>
          ) : (
            <ReadOnlyChat
              key={state.watched.conversation.id}
              watched={state.watched}
              me={me}
              headingRef={chatHeading}
              onReassign={onReassign}
              onClose={() => {
                void supervision.stopWatching();
                listHeading.current?.focus();
              }}
            />
          )}
        </div>
      </div>
    </div>
  );
}

/** The wait of the chat waiting longest, in words (or "None"). */
function longestWait(queue: SupervisedQueue, now: number, locale: string, strings: ReturnType<typeof useLanguage>['strings']): string {
  if (queue.oldestQueuedAt === null) return strings.noWait;
  return formatDuration(elapsedSince(queue.oldestQueuedAt, now), locale) ?? strings.lessThanAMinute;
}

function QueuesTable(props: { queues: readonly SupervisedQueue[]; now: number; list: ChatList | null; onShowChats: (of: ChatsOf) => void }) {
  const { strings, language, locale } = useLanguage();
  const captionId = useId();
  return (
    // Scrolls sideways on a narrow screen; focusable, so that a keyboard can scroll it too.
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="data-table">
        <caption id={captionId}>{strings.queuesCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{strings.columnQueue}</th>
            <th scope="col">{strings.columnMode}</th>
            <th scope="col" className="number">{strings.columnWaiting}</th>
            <th scope="col">{strings.columnLongestWait}</th>
            <th scope="col" className="number">{strings.columnAvailable}</th>
            <th scope="col" className="number">{strings.columnAway}</th>
            <th scope="col" className="number">{strings.columnWithRoom}</th>
            <th scope="col">{strings.columnChatsList}</th>
          </tr>
        </thead>
        <tbody>
          {props.queues.map((queue) => {
            const of = { queueId: queue.id };
            const shown = props.list !== null && sameChatsOf(props.list.of, of);
            return (
              <tr key={queue.id}>
                <th scope="row">{queue.name[language]}</th>
                <td>{strings.queueModes[queue.mode]}</td>
                <td className="number">{queue.waiting}</td>
                <td>{longestWait(queue, props.now, locale, strings)}</td>
                <td className="number">{queue.agents.available}</td>
                <td className="number">{queue.agents.away}</td>
                <td className="number">{queue.agents.withRoom}</td>
                <td>
                  <button
                    type="button"
                    className="button-table"
                    aria-label={strings.viewQueueChats(queue.name[language])}
                    aria-pressed={shown}
                    onClick={() => props.onShowChats(of)}
                  >
                    {strings.viewChats}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface AgentsTableProps {
  agents: readonly SupervisedAgent[];
  me: AgentProfile;
  queueName: (queueId: string) => { en: string; fr: string } | undefined;
  list: ChatList | null;
  onShowChats: (of: ChatsOf) => void;
  onSetLimit: (agentId: string, max: number) => Promise<{ ok: true } | { ok: false; error: { code: ConsoleErrorCode } }>;
}

function AgentsTable(props: AgentsTableProps) {
  const { strings, language } = useLanguage();
  const captionId = useId();
  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="data-table">
        <caption id={captionId}>{strings.agentsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{strings.columnName}</th>
            <th scope="col">{strings.columnRole}</th>
            <th scope="col">{strings.columnStatus}</th>
            <th scope="col">{strings.columnConsole}</th>
            <th scope="col">{strings.columnLanguages}</th>
            <th scope="col">{strings.columnQueues}</th>
            <th scope="col" className="number">{strings.columnOpenChats}</th>
            <th scope="col">{strings.columnLimit}</th>
            <th scope="col">{strings.columnChatsList}</th>
          </tr>
        </thead>
        <tbody>
          {props.agents.map((agent) => {
            const of = { agentId: agent.id };
            const shown = props.list !== null && sameChatsOf(props.list.of, of);
            const status =
              agent.status === 'away' && agent.awayReason !== null ? strings.awayWithReason(strings.awayReasons[agent.awayReason]) : strings.agentStatuses[agent.status];
            const queues = agent.queueIds.map((id) => props.queueName(id)?.[language] ?? id);
            return (
              <tr key={agent.id}>
                <th scope="row">
                  <bdi>{agent.displayName}</bdi>
                </th>
                <td>{strings.roles[agent.role]}</td>
                <td>
                  <span className={`status-dot dot-${agent.status}`} aria-hidden="true" /> {status}
                </td>
                <td>{agent.connected ? strings.consoleConnected : strings.consoleNotConnected}</td>
                <td>{agent.languages.map((code) => strings.languageNames[code]).join(', ')}</td>
                <td className="queue-names">{queues.length === 0 ? strings.noQueues : queues.join(', ')}</td>
                <td className="number">
                  {agent.openChats}
                  {agent.openChats > agent.maxConcurrentChats && <span className="tag over-limit">{strings.overLimit}</span>}
                </td>
                <td>
                  {maySetLimit(props.me, agent) ? (
                    <LimitEditor agent={agent} onSave={(max) => props.onSetLimit(agent.id, max)} />
                  ) : (
                    agent.maxConcurrentChats
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className="button-table"
                    aria-label={strings.viewAgentChats(agent.displayName)}
                    aria-pressed={shown}
                    onClick={() => props.onShowChats(of)}
                  >
                    {strings.viewChats}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A number field and a Save button; the field follows the server's value until edited. */
function LimitEditor({ agent, onSave }: { agent: SupervisedAgent; onSave: (max: number) => ReturnType<AgentsTableProps['onSetLimit']> }) {
  const { strings } = useLanguage();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const value = draft ?? String(agent.maxConcurrentChats);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const max = Number(value);
    if (!/^\d+$/.test(value.trim()) || max < 1 || max > AGENT_CHAT_LIMIT_MAX) {
      setProblem(strings.limitInvalid(AGENT_CHAT_LIMIT_MAX));
      setSaved(false);
      return;
    }
    setBusy(true);
    setProblem(null);
    const result = await onSave(max);
    setBusy(false);
    if (result.ok) {
      setDraft(null);
      setSaved(true);
    } else {
      setProblem(strings.limitError(errorText(strings, result.error.code, strings.limitErrors)));
      setSaved(false);
    }
  };

  return (
    <form className="limit-form" onSubmit={(event) => void submit(event)} noValidate>
      <label htmlFor={`${id}-limit`} className="visually-hidden">
        {strings.limitFor(agent.displayName)}
      </label>
      <input
        id={`${id}-limit`}
        className="limit-input"
        type="number"
        inputMode="numeric"
        min={1}
        max={AGENT_CHAT_LIMIT_MAX}
        step={1}
        value={value}
        aria-invalid={problem !== null}
        aria-describedby={problem !== null ? `${id}-problem` : undefined}
        onChange={(event) => {
          setDraft(event.currentTarget.value);
          setSaved(false);
          setProblem(null);
        }}
      />
      <button type="submit" className="button-table" aria-label={strings.saveLimitFor(agent.displayName)} aria-disabled={busy}>
        {busy ? strings.savingLimit : strings.saveLimit}
      </button>
      {/* Always present, so that "Saved." is announced. */}
      <span role="status" className="limit-saved">
        {saved ? strings.limitSaved : ''}
      </span>
      {problem !== null && (
        <p id={`${id}-problem`} role="alert" className="error-text">
          {problem}
        </p>
      )}
    </form>
  );
}

interface ListProps {
  list: ChatList | null;
  headingRef: RefObject<HTMLHeadingElement | null>;
  queueName: (queueId: string) => { en: string; fr: string } | undefined;
  agentName: (agentId: string) => string | undefined;
  watchedId: string | null;
  now: number;
  onWatch: (conversationId: string) => void;
}

function ChatListPanel({ list, headingRef, queueName, agentName, watchedId, now, onWatch }: ListProps) {
  const { strings, language, locale } = useLanguage();
  const heading =
    list === null
      ? strings.chatListHeading
      : 'queueId' in list.of
        ? strings.chatsWaitingIn(queueName(list.of.queueId)?.[language] ?? list.of.queueId)
        : strings.chatsHeldBy(agentName(list.of.agentId) ?? strings.agent);
  return (
    <section className="panel" aria-labelledby="chat-list-heading">
      <h2 id="chat-list-heading" ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      {list === null ? (
        <p className="muted">{strings.chatListIntro}</p>
      ) : list.error !== null ? (
        <p role="alert" className="error-text">
          {strings.chatListError(errorText(strings, list.error))}
        </p>
      ) : list.loading && list.chats.length === 0 ? (
        <p role="status">{strings.loading}</p>
      ) : list.chats.length === 0 ? (
        <p className="muted">{strings.chatsNone}</p>
      ) : (
        <>
          {list.total > list.chats.length && <p className="muted">{strings.chatsShown(list.chats.length, list.total)}</p>}
          <ul className="chat-list">
            {list.chats.map((chat) => {
              const since = chat.status === 'queued' ? chat.queuedAt : (chat.assignedAt ?? chat.queuedAt);
              const elapsed = formatDuration(elapsedSince(since, now), locale) ?? strings.lessThanAMinute;
              return (
                <li key={chat.id}>
                  <button type="button" className="chat-button" aria-current={chat.id === watchedId ? 'true' : undefined} onClick={() => onWatch(chat.id)}>
                    <span className="chat-button-text">
                      <span className="visitor-name">
                        <bdi>{visitorNameOf(chat, strings)}</bdi>
                      </span>
                      <span className="chat-button-topic">
                        {chat.topicLabel[language]}, {strings.conversationStatuses[chat.status].toLowerCase()}, {elapsed}
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
