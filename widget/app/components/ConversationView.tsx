/**
 * A conversation under way or ended: where the citizen stands (queue place and wait, agent,
 * connection), the messages, and the composer or the ended notice.
 */
import type { ComponentChildren } from 'preact';
import type { SelfServiceLink } from '../../../protocol/hours.js';
import type { Language } from '../../../protocol/languages.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { format } from '../../i18n/format.js';
import { ERROR_STRINGS } from '../catalogue.js';
import type { ChatClient, ChatState } from '../chat-client.js';
import { Composer } from './Composer.js';
import { EndChat } from './EndChat.js';
import { MessageList } from './MessageList.js';
import { Ended, Idle, Waiting } from './parts.js';
import { QueueStatus } from './QueueStatus.js';
import { TranscriptButton } from './TranscriptButton.js';

export interface ConversationViewProps {
  client: ChatClient;
  state: ChatState;
  t: ChatStrings;
  language: Language;
  /** Whether the transcript download is offered to this visitor (soft launch). */
  transcript: boolean;
  /** Whether the survey after the chat is offered to this visitor (soft launch). */
  survey: boolean;
  /** The site's self-service links and the chat's topic, to suggest pages while it waits; null when not offered. */
  waitingHelp: { links: readonly SelfServiceLink[]; topicLabel: string | null } | null;
}

function statusLine(state: ChatState, t: ChatStrings): ComponentChildren {
  const conversation = state.conversation;
  if (state.connection === 'reconnecting') return t.reconnecting;
  if (state.connection === 'busy') return t.busy;
  // A waiting chat's place and wait are shown, and announced at a polite pace, by QueueStatus.
  if (conversation === null || conversation.status !== 'active') return '';
  // The agent's name is isolated, so a right-to-left name cannot reorder the sentence around it.
  // Taken over from the agent they were talking to: said so (`== null`: an older server says nothing).
  const [before = '', after] = (conversation.transferred === 'agent' ? t.transferredAgent : t.connectedWith).split('{agent}');
  return (
    <>
      {before}
      <bdi>{agentInSentence(conversation.agentName, before, t)}</bdi>
      {after}
    </>
  );
}

/**
 * The agent as a sentence names them: their public name, or "an agent" while none is approved
 * (citizens never see an account's own name), capitalised when it opens the sentence.
 */
export function agentInSentence(agentName: string | null, before: string, t: ChatStrings): string {
  if (agentName !== null) return agentName;
  return before.trim() === '' ? t.anAgent.charAt(0).toUpperCase() + t.anAgent.slice(1) : t.anAgent;
}

/** The citizen's first message, stored or still on its way: what the waiting help matches on. */
function firstVisitorText(state: ChatState): string | null {
  return state.messages.find((message) => message.author.kind === 'visitor')?.text ?? state.pending[0]?.text ?? null;
}

/** "Alex is typing…", the agent's name isolated so that it cannot reorder the sentence. */
function agentTypingLine(agentName: string | null, t: ChatStrings): ComponentChildren {
  const [before = '', after] = t.agentTyping.split('{agent}');
  return (
    <>
      {before}
      <bdi>{agentInSentence(agentName, before, t)}</bdi>
      {after}
    </>
  );
}

export function ConversationView({ client, state, t, language, transcript, survey, waitingHelp }: ConversationViewProps) {
  const conversation = state.conversation;
  if (conversation === null) return null;
  const closed = conversation.status === 'closed';
  return (
    <div class="conversation">
      <p class="status" role="status">
        {statusLine(state, t)}
      </p>
      {conversation.status === 'queued' && <QueueStatus conversation={conversation} note={state.queueNote} t={t} language={language} />}
      {conversation.status === 'queued' && state.messages.length === 0 && state.pending.length === 0 && (
        <p class="hint">{t.waitingHint}</p>
      )}
      {conversation.status === 'queued' && waitingHelp !== null && (
        <Waiting.View links={waitingHelp.links} topicLabel={waitingHelp.topicLabel} firstMessage={firstVisitorText(state)} t={t} language={language} />
      )}
      <MessageList state={state} t={t} language={language} onRetry={(clientId) => client.retry(clientId)} />
      {/* Present while an agent is in the chat; polite, said once when they start typing, not per keystroke. */}
      {conversation.status === 'active' && (
        <p class="typing" role="status">
          {state.agentTyping && agentTypingLine(conversation.agentName, t)}
        </p>
      )}
      {closed ? (
        <Ended.View
          client={client}
          conversation={conversation}
          t={t}
          language={language}
          onNewChat={() => client.reset()}
          transcript={transcript}
          survey={survey}
        />
      ) : (
        <>
          {conversation.idleWarning !== null && (
            // Keyed by the deadline: a new warning is a new dialog, announced and focused again.
            <Idle.View key={conversation.idleWarning.closesAt} warning={conversation.idleWarning} t={t} language={language} onStay={() => client.extend()} />
          )}
          <Composer t={t} onSend={(text) => client.send(text)} onTyping={(typing) => client.typing(typing)} />
          {state.actionError !== null && (
            <p class="error" role="alert">
              {ERROR_STRINGS[language][state.actionError] ?? ERROR_STRINGS[language].fallback}
            </p>
          )}
          <EndChat t={t} onEnd={() => client.end()} />
          {/* The reference to quote, and the transcript so far, during the chat too. */}
          <p class="hint">{format(t.reference, { reference: conversation.reference })}</p>
          {transcript && conversation.status === 'active' && <TranscriptButton client={client} t={t} />}
        </>
      )}
    </div>
  );
}
