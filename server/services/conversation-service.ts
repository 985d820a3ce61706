/**
 * Conversation use cases for both sides: start, accept, send, catch up, end, give back to the
 * queue. Each loads through the store, applies the domain rules, saves (compare-and-set), and
 * publishes what happened.
 */
import { outsideSiteZone } from '../domain/reports-facts.js';
import type { Language } from '../../protocol/languages.js';
import { LANGUAGE_SWITCH_NOTES_MAX, MESSAGES_PAGE_MAX, MESSAGES_PAGE_TEXT_MAX } from '../../protocol/limits.js';
import type { CloseReason, Closer, ServiceCloseReason } from '../../protocol/models.js';
import { AppError } from '../domain/app-error.js';
import {
  assertCanPost,
  assertHeldBy,
  assignConversation,
  closeConversation,
  openConversation,
  postingCondition,
  requeueConversation,
} from '../domain/conversation-lifecycle.js';
import type { Agent, ChatMessage, Conversation, ConversationNote, MessageAuthor } from '../domain/entities.js';
import { queueForLanguage, switchLanguage } from '../domain/language-switch.js';
import { citizenAgentName } from '../domain/public-name.js';
import { pageOfMessages, type MessagePage } from '../domain/message-page.js';
import { redact, redactionOptionsOf, type RedactionKind, type RedactionOptions } from '../domain/redaction.js';
import { referenceFromSequence } from '../domain/reference-number.js';
import type { RatePolicy } from '../domain/rate-limit.js';
import { MESSAGE_RATE_PER_CONVERSATION, STILL_THERE_RATE_PER_CONVERSATION } from '../domain/rate-policies.js';
import { assertMayPick, pickableQueueIds } from '../domain/routing.js';
import { hasRole } from '../domain/roles.js';
import {
  abandonedCounter,
  departureClose,
  idleStep,
  SYSTEM_NOTICES,
  visitorBack,
  visitorLeft,
  warnIdle,
  withdrawIdleWarning,
  type VisitorTimings,
} from '../domain/visitor-presence.js';
import { DEFAULT_WRAP_UP_MS } from '../domain/wrap-up.js';
import type { AgentCapacityGuard, Store } from '../stores/store.js';
import type { AvailabilityService } from './availability-service.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import { matchesHash, newId, sha256 } from './secrets.js';
import type { SiteService } from './site-service.js';

export interface StartRequest {
  siteId: string;
  /** Chosen by the chat app; the same value on a retry finds the same conversation. */
  clientId: string;
  secret: string;
  /** The conversation this visitor's window already has, if any: it must have ended first. */
  replacing?: string | null;
  topicId: string;
  language: Language;
  visitorName?: string | undefined;
  pageUrl: string;
  pageTitle?: string | undefined;
  /** The browser's time-zone name, compared with the site's (only the answer is kept). */
  timeZone?: string | undefined;
}

export interface PostRequest {
  clientId: string;
  text: string;
}

/** A message as stored and relayed, with the kinds of identifiers taken out of what was sent. */
export interface Posted {
  message: ChatMessage;
  redacted: RedactionKind[];
}

/** A conversation's fields that are set when it opens and never change. */
type ConversationFacts = Pick<Conversation, 'siteId' | 'visitorName'>;
/** Conversations whose facts a node keeps: a few hundred bytes each, more than the chats one node serves at once. */
const CONVERSATION_FACTS_KEPT = 20_000;

/** Compare-and-set attempts before giving up on a conversation that keeps changing underneath. */
const SAVE_ATTEMPTS = 5;
/**
 * How long a node keeps a site's redaction settings: a message does not cost a read of its site,
 * and a manager's change holds everywhere within this (as the offer keeps a site a second).
 */
const REDACTION_SETTINGS_MS = 1000;

export class ConversationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly sites: SiteService,
    private readonly availability: AvailabilityService,
    private readonly timings: VisitorTimings,
    /** How long an agent has to record the wrap-up of a chat they held once it ends. */
    private readonly wrapUpMs: number = DEFAULT_WRAP_UP_MS,
  ) {}

  private readonly redactionSettings = new Map<string, { options: RedactionOptions; readAt: number }>();
  /** See `factsOf`; the oldest goes first once CONVERSATION_FACTS_KEPT are kept. */
  private readonly conversationFacts = new Map<string, ConversationFacts>();

  /** What a site removes from messages, read at most once a REDACTION_SETTINGS_MS per node. */
  private async redactionOf(siteId: string): Promise<RedactionOptions> {
    const now = this.clock.now();
    const kept = this.redactionSettings.get(siteId);
    if (kept !== undefined && now - kept.readAt < REDACTION_SETTINGS_MS) return kept.options;
    const options = redactionOptionsOf(await this.sites.require(siteId));
    this.redactionSettings.set(siteId, { options, readAt: now });
    return options;
  }

  /**
   * Opens a conversation in the queue, or returns the one this same start already opened (a retry).
   * The visitor's token is `<conversation id>.<secret>`, the secret chosen by the chat app: the
   * only key to the conversation on the visitor side. Only its hash is stored.
   */
  async start(request: StartRequest): Promise<{ conversation: Conversation; token: string }> {
    if (request.replacing != null) {
      const current = await this.get(request.replacing);
      // One chat at a time per window; a retry of the start that made it is not a second one.
      if (current.status !== 'closed' && current.id !== conversationIdFor(request.siteId, request.clientId)) {
        throw new AppError('conflict', 'A chat is already under way in this window.');
      }
    }
    const site = await this.sites.require(request.siteId);
    try {
      // Closed (switched off, outside hours, a holiday, past the last admission): no new chat.
      this.availability.assertOpen(site);
    } catch (error) {
      // A retry of a start made before closing still finds its chat.
      const started = await this.authenticateVisitor(site.id, `${conversationIdFor(site.id, request.clientId)}.${request.secret}`).catch(() => null);
      if (started === null) throw error;
      return { conversation: started, token: `${started.id}.${request.secret}` };
    }
    const topic = site.topics.find((candidate) => candidate.id === request.topicId);
    if (topic === undefined) throw new AppError('invalid_payload', `Unknown topic "${request.topicId}".`);

    const id = conversationIdFor(site.id, request.clientId);
    const token = `${id}.${request.secret}`;
    // Taken from the store's sequence, once, on any node: unique in the deployment.
    const reference = referenceFromSequence(await this.store.references.next());
    const conversation = openConversation(
      {
        id,
        siteId: site.id,
        // Each language has its queue: a French chat waits for a French-speaking agent.
        queueId: topic.queues[request.language],
        topicId: topic.id,
        language: request.language,
        // A name field can carry what a message can: the identifiers always removed go here too.
        visitorName: request.visitorName === undefined ? null : redact(request.visitorName).text,
        pageUrl: request.pageUrl,
        pageTitle: request.pageTitle ?? null,
        visitorTokenHash: sha256(token),
        reference,
      },
      this.clock.now(),
    );
    const outside = outsideSiteZone(request.timeZone, site.hours?.timeZone ?? null, conversation.createdAt);
    if (outside !== null) conversation.outsideSiteZone = outside;
    const inserted = await this.store.conversations.insert(conversation);
    if (!inserted.inserted) {
      // A retry presents the same secret; anyone else reusing the client id gets nothing.
      const existing = await this.authenticateVisitor(site.id, token).catch(() => null);
      if (existing === null) throw new AppError('conflict', 'This chat start was already used; start again.');
      return { conversation: existing, token };
    }
    this.events.publish({ type: 'conversation.changed', conversation, previous: null, left: null, joined: inserted.joined });
    return { conversation, token };
  }

  /** The chat a start with this client id and secret already made (a retry of it), or null. */
  async startedBy(siteId: string, clientId: string, secret: string): Promise<Conversation | null> {
    return this.authenticateVisitor(siteId, `${conversationIdFor(siteId, clientId)}.${secret}`).catch(() => null);
  }

  /** The conversation a visitor token opens; `unauthenticated` for any token that does not match. */
  async authenticateVisitor(siteId: string, token: string): Promise<Conversation> {
    const conversationId = token.split('.')[0] ?? '';
    const conversation = await this.store.conversations.get(conversationId);
    if (conversation === null || conversation.siteId !== siteId || !matchesHash(token, conversation.visitorTokenHash)) {
      throw new AppError('unauthenticated', 'This chat could not be found; start a new one.');
    }
    return conversation;
  }

  async get(conversationId: string): Promise<Conversation> {
    const conversation = await this.store.conversations.get(conversationId);
    if (conversation === null) throw new AppError('not_found', 'This chat could not be found.');
    return conversation;
  }

  /**
   * The citizen's message, with personal identifiers taken out before it is stored or relayed
   * (server/domain/redaction.ts, with the site's optional kinds): the answer says which kinds, so
   * the chat app can tell the citizen what was removed and why.
   */
  async postAsVisitor(conversationId: string, request: PostRequest): Promise<Posted> {
    const { siteId, visitorName } = await this.factsOf(conversationId);
    const { text, kinds } = redact(request.text, await this.redactionOf(siteId));
    const { message, conversation } = await this.post(conversationId, { kind: 'visitor', agentId: null, name: visitorName }, { ...request, text });
    // Writing is activity (the store moved the idle clock with the append): a warning no longer stands.
    if (conversation.idleWarnedAt !== null) await this.withdrawIdleWarning(conversationId);
    return { message, redacted: kinds };
  }

  /**
   * An agent's message, under the same rules as the citizen's: an identifier pasted from another
   * system must not reach the transcript or the citizen's screen either.
   */
  async postAsAgent(agent: Agent, conversationId: string, request: PostRequest): Promise<Posted> {
    const { siteId } = await this.factsOf(conversationId);
    const { text, kinds } = redact(request.text, await this.redactionOf(siteId));
    const { message } = await this.post(conversationId, { kind: 'agent', agentId: agent.id, name: agent.displayName, publicName: citizenAgentName(agent) }, { ...request, text });
    return { message, redacted: kinds };
  }

  /**
   * An agent picks a waiting chat (queues in "agents pick" mode). Only while available ("Away"
   * takes no new chats), from a queue they serve, in a language they speak. Idempotent: accepting
   * a chat one already holds (a retry after a lost answer) succeeds again and tells everyone again.
   */
  async accept(agent: Agent, conversationId: string): Promise<Conversation> {
    const presence = await this.store.presence.get(agent.id);
    if (presence?.status !== 'available') throw new AppError('forbidden', 'Set yourself available to take chats.');
    const queues = new Map((await this.store.queues.list()).map((queue) => [queue.id, queue]));
    const capacity: AgentCapacityGuard = { agentId: agent.id, max: agent.maxConcurrentChats };
    const { conversation, previous } = await this.change(
      conversationId,
      (current) => {
        if (current.status === 'queued') assertMayPick(agent, current, queues.get(current.queueId) ?? null);
        return assignConversation(current, agent.id, this.clock.now());
      },
      capacity,
    );
    if (conversation === previous) {
      // A retry: told again, in case the first telling was lost too.
      this.events.publish({ type: 'conversation.changed', conversation, previous: null, left: null, joined: null });
    } else {
      await this.store.presence.noteAssignment(agent.id, this.clock.now());
    }
    return conversation;
  }

  /**
   * Gives many waiting chats to the agents routing chose, in one atomic step, in plan order: each
   * claim checks the chat is still as read (`waiting` holds the records routing planned from)
   * and the agent's limit. A claim that fails stops the chats behind it in its queue and language,
   * so none goes before an earlier one. Resolves with how many were given; the rest wait for the
   * next round.
   */
  async assignAllByRouting(plan: ReadonlyArray<{ agent: Agent; waiting: Conversation }>): Promise<{ assigned: number; failed: number }> {
    const now = this.clock.now();
    const changes = plan.map(({ agent, waiting }) => ({
      next: assignConversation(waiting, agent.id, now),
      previous: waiting,
      capacity: { agentId: agent.id, max: agent.maxConcurrentChats },
      group: `${waiting.queueId}|${waiting.language}`,
    }));
    const results = await this.store.conversations.saveMany(changes);
    let assigned = 0;
    const assignedAgents = new Set<string>();
    results.forEach((result, i) => {
      if (result.outcome !== 'saved') return;
      const { next, previous } = changes[i]!;
      this.events.publish({ type: 'conversation.changed', conversation: next, previous, left: result.left, joined: result.joined });
      assignedAgents.add(next.agentId!);
      assigned++;
    });
    await Promise.all([...assignedAgents].map((agentId) => this.store.presence.noteAssignment(agentId, now)));
    return { assigned, failed: results.length - assigned };
  }

  private async assign(
    agent: Agent,
    conversationId: string,
    options: { authorise: (current: Conversation) => void; announceIfHeld: boolean },
  ): Promise<Conversation> {
    const capacity: AgentCapacityGuard = { agentId: agent.id, max: agent.maxConcurrentChats };
    const { conversation, previous } = await this.change(
      conversationId,
      (current) => {
        options.authorise(current);
        return assignConversation(current, agent.id, this.clock.now());
      },
      capacity,
    );
    if (conversation === previous) {
      if (options.announceIfHeld) this.events.publish({ type: 'conversation.changed', conversation, previous: null, left: null, joined: null });
    } else {
      await this.store.presence.noteAssignment(agent.id, this.clock.now());
    }
    return conversation;
  }

  async endByVisitor(conversationId: string): Promise<Conversation> {
    return this.end(conversationId, { by: 'visitor', reason: 'visitor_ended' });
  }

  async endByAgent(agent: Agent, conversationId: string, reason: CloseReason): Promise<Conversation> {
    // Checked inside the compare-and-set step, so that a chat changing hands meanwhile is not
    // ended by its former holder.
    return this.end(conversationId, { by: 'agent', reason }, (current) => {
      if (current.agentId !== agent.id && !hasRole(agent.role, 'supervisor')) {
        throw new AppError('forbidden', 'This chat is not assigned to you.');
      }
    });
  }

  /**
   * The agent asks the citizen whether they are still there: a message from the service, in the
   * chat's language. Only in a chat the agent holds, at most `STILL_THERE_RATE_PER_CONVERSATION`
   * (whatever the number of consoles); a retry with the same client id returns the same message.
   */
  async askStillThere(agent: Agent, conversationId: string, clientId: string): Promise<ChatMessage> {
    const conversation = await this.get(conversationId);
    assertCanPost(conversation, { kind: 'agent', agentId: agent.id });
    assertHeldBy(conversation, agent.id);
    const author: MessageAuthor = { kind: 'system', agentId: agent.id, name: null };
    const text = SYSTEM_NOTICES.stillThere[conversation.language];
    return (await this.post(conversationId, author, { clientId, text }, STILL_THERE_RATE_PER_CONVERSATION)).message;
  }

  /**
   * The citizen asks to stay ("Stay in the chat" on the inactivity warning): their silence counts
   * afresh from now, and the warning is taken back. A waiting chat has nothing to extend.
   */
  async extendByVisitor(conversationId: string): Promise<Conversation> {
    const conversation = await this.get(conversationId);
    if (conversation.status === 'closed') throw new AppError('conversation_closed', 'This chat has ended; start a new one to keep talking.');
    if (conversation.status !== 'active') return conversation;
    await this.store.conversations.noteActivity(conversationId, this.clock.now());
    return this.withdrawIdleWarning(conversationId);
  }

  /** The citizen's chat window is gone (no connection on any node): noted from now, once. */
  async noteVisitorLeft(conversationId: string): Promise<void> {
    await this.change(conversationId, (current) => visitorLeft(current, this.clock.now()));
  }

  /** The citizen is connected again. */
  async noteVisitorBack(conversationId: string): Promise<void> {
    await this.change(conversationId, visitorBack);
  }

  /**
   * Closes the chat if its citizen has been gone too long (see `departureClose`), checked again
   * inside the compare-and-set step, so a citizen who came back meanwhile keeps their chat. An
   * abandoned chat is counted for reports; one in progress gets a notice in the transcript.
   * Returns the closed conversation, or null when it stays open.
   */
  async settleDeparture(conversationId: string): Promise<Conversation | null> {
    const now = this.clock.now();
    return this.closeBySystem(conversationId, (current) => departureClose(current, now, this.timings), now);
  }

  /**
   * Warns, takes the warning back or closes a chat in progress whose citizen has been silent since
   * `idleSince` (see `idleStep`), decided again inside the compare-and-set step.
   */
  async settleIdle(conversationId: string, idleSince: number): Promise<void> {
    const now = this.clock.now();
    const closed = await this.closeBySystem(
      conversationId,
      (current) => (idleStep(current, idleSince, now, this.timings).kind === 'close' ? 'visitor_inactive' : null),
      now,
    );
    if (closed !== null) return;
    await this.change(conversationId, (current) => {
      const step = idleStep(current, idleSince, now, this.timings);
      if (step.kind === 'warn') return warnIdle(current, now, step.closesAt);
      if (step.kind === 'withdraw') return withdrawIdleWarning(current);
      return current;
    });
  }

  /** Gives every active chat of an agent back to the queue, ahead of new chats (wrap-ups owed stay: their deadline settles them). */
  async requeueAllOf(agentId: string): Promise<Conversation[]> {
    const requeued: Conversation[] = [];
    for (const held of await this.store.conversations.listActiveByAgent(agentId)) {
      try {
        const { conversation } = await this.change(held.id, (current) =>
          current.status === 'active' && current.agentId === agentId
            ? requeueConversation(current, this.clock.now())
            : current,
        );
        if (conversation.status === 'queued') requeued.push(conversation);
      } catch (error) {
        // The chat moved on (closed, taken) meanwhile: nothing to give back. Anything else, such as
        // the store being unavailable, is thrown so that the caller tries again later.
        if (!(error instanceof AppError) || error.code === 'unavailable' || error.code === 'internal') throw error;
      }
    }
    return requeued;
  }

  /** One page of messages after `afterSeq`, for the visitor (their own conversation) or a permitted agent. */
  async messagesAfter(conversationId: string, afterSeq: number, limit = MESSAGES_PAGE_MAX): Promise<MessagePage> {
    const candidates = await this.store.messages.listAfter(conversationId, afterSeq, limit + 1);
    return pageOfMessages(candidates, limit, MESSAGES_PAGE_TEXT_MAX);
  }

  /**
   * Agents read the chats assigned to them now (or when they closed); supervisors and managers
   * read any.
   */
  async readableBy(agent: Agent, conversationId: string): Promise<Conversation> {
    const conversation = await this.get(conversationId);
    if (conversation.agentId !== agent.id && !hasRole(agent.role, 'supervisor')) {
      throw new AppError('forbidden', 'This chat is not assigned to you.');
    }
    return conversation;
  }

  async queue(): Promise<Conversation[]> {
    return this.store.conversations.listQueued();
  }

  /**
   * Every queued conversation and each queue's revision, the revisions read first: a change made
   * between the two reads is then both in the list and announced after it, and applying it twice
   * changes nothing, whereas the other order could miss it.
   */
  async queueSnapshot(queueIds: readonly string[]): Promise<{ queued: Conversation[]; revisions: Record<string, number> }> {
    const revisions = await this.store.conversations.queueRevisions();
    const queued = (await Promise.all(queueIds.map((queueId) => this.store.conversations.listQueued(queueId)))).flat();
    return { queued, revisions: Object.fromEntries(queueIds.map((queueId) => [queueId, revisions[queueId] ?? 0])) };
  }

  /** The queues an agent picks chats from: "agents pick" queues they serve, in a language they speak. */
  async pickableQueueIds(agent: Agent): Promise<string[]> {
    return pickableQueueIds(agent, await this.store.queues.list());
  }

  /** The chats filling an agent's slots: those in progress, and the ended ones whose wrap-up they owe. */
  async activeOf(agentId: string): Promise<Conversation[]> {
    return this.store.conversations.listActiveByAgent(agentId);
  }

  /**
   * The citizen switched the chat's language (server/domain/language-switch.ts): saved with
   * compare-and-set; a waiting chat moves to its topic's queue for that language, keeping its
   * place in time; a chat under way stays with its agent. The switch is recorded in the chat's
   * notes (agents only) while there is room for such records. Switching to the language it has
   * changes nothing.
   */
  async switchLanguage(conversationId: string, language: Language): Promise<Conversation> {
    const site = await this.sites.require((await this.get(conversationId)).siteId);
    const { conversation, previous } = await this.change(conversationId, (current) =>
      switchLanguage(current, language, queueForLanguage(current, site, language)),
    );
    if (conversation !== previous) {
      const note: ConversationNote = {
        kind: 'language-switched',
        id: newId(),
        conversationId,
        // One record per switch, whatever the retries: the version is the switch's own.
        clientId: `language-${conversation.version}`,
        from: previous.language,
        to: conversation.language,
        createdAt: this.clock.now(),
      };
      const appended = await this.store.notes.append(note, LANGUAGE_SWITCH_NOTES_MAX);
      if (appended.outcome === 'stored') {
        this.events.publish({ type: 'note.created', conversation, note: appended.note, authorId: null });
      }
    }
    return conversation;
  }

  /**
   * Stores a message and tells both sides, in one trip to the store: the store checks the
   * conversation against the author's posting condition as it appends (a chat closed meanwhile
   * refuses it) and answers with the conversation it checked.
   */
  private async post(
    conversationId: string,
    author: MessageAuthor,
    request: PostRequest,
    rate?: RatePolicy,
  ): Promise<{ message: ChatMessage; conversation: Conversation }> {
    const now = this.clock.now();
    const draft = { id: newId(), conversationId, clientId: request.clientId, author, text: request.text, sentAt: now };
    const policy = author.kind === 'system' ? rate : MESSAGE_RATE_PER_CONVERSATION[author.kind];
    const posted = await this.store.messages.post(draft, postingCondition(author), policy === undefined ? undefined : { policy, now });
    if (posted.outcome === 'refused') {
      if (posted.conversation === null) throw new AppError('not_found', 'This chat could not be found.');
      assertCanPost(posted.conversation, author);
      throw new AppError('conflict', 'This chat changed; try again.');
    }
    if (posted.outcome === 'rate_limited') {
      throw new AppError('rate_limited', 'Too many messages in this chat; wait a moment and send again.');
    }
    const { message, conversation } = posted;
    // Published on a retry too: the first attempt may have been stored by a node that died before
    // telling anyone. Clients drop what they already have (same id and sequence number).
    this.events.publish({ type: 'message.created', conversation, message });
    return { message, conversation };
  }

  /**
   * What never changes about a conversation and every message needs (its site, for redaction; the
   * citizen's name, for the author): read once per node, so a message costs no read of its own.
   */
  private async factsOf(conversationId: string): Promise<ConversationFacts> {
    const kept = this.conversationFacts.get(conversationId);
    if (kept !== undefined) return kept;
    const { siteId, visitorName } = await this.get(conversationId);
    const facts = { siteId, visitorName };
    if (this.conversationFacts.size >= CONVERSATION_FACTS_KEPT) this.conversationFacts.delete(this.conversationFacts.keys().next().value!);
    this.conversationFacts.set(conversationId, facts);
    return facts;
  }

  /** Takes back an inactivity warning; a lost race is settled by the next sweep, so it never fails the caller. */
  private async withdrawIdleWarning(conversationId: string): Promise<Conversation> {
    try {
      return (await this.change(conversationId, withdrawIdleWarning)).conversation;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'conflict') throw error;
      return this.get(conversationId);
    }
  }

  /**
   * Closes a chat for the service with the reason `decide` gives from the current record (null:
   * leave it open), then records what followed: a notice in the transcript of a chat in progress,
   * a count of an abandoned one.
   */
  private async closeBySystem(
    conversationId: string,
    decide: (current: Conversation) => ServiceCloseReason | null,
    now: number,
  ): Promise<Conversation | null> {
    const { conversation, previous } = await this.change(conversationId, (current) => {
      const reason = decide(current);
      return reason === null ? current : closeConversation(current, { by: 'system', reason }, now, this.wrapUpMs);
    });
    if (conversation === previous) return null;
    const closedFor = conversation.closeReason;
    if (closedFor === 'abandoned') {
      // Counted by the node whose compare-and-set closed it: once, whichever node swept.
      await this.store.counters.add(abandonedCounter(conversation.queueId, now));
    } else {
      const notice = closedFor === 'visitor_gone' ? SYSTEM_NOTICES.closedGone : SYSTEM_NOTICES.closedIdle;
      // A fixed client id: stored once, however often this is retried.
      const draft = {
        id: newId(),
        conversationId,
        clientId: `closed-${closedFor}`,
        author: { kind: 'system' as const, agentId: null, name: null },
        text: notice[conversation.language],
        sentAt: now,
      };
      const appended = await this.store.messages.append(draft);
      if (appended.outcome === 'stored') this.events.publish({ type: 'message.created', conversation, message: appended.message });
    }
    return conversation;
  }

  private async end(
    conversationId: string,
    closing: { by: Closer; reason: CloseReason },
    authorise: (current: Conversation) => void = () => {},
  ): Promise<Conversation> {
    const { conversation } = await this.change(conversationId, (current) => {
      authorise(current);
      return closeConversation(current, closing, this.clock.now(), this.wrapUpMs);
    });
    return conversation;
  }

  /**
   * Applies a domain step with compare-and-set, retrying on a concurrent change (re-reading and
   * re-checking the rule each time), and publishes the change. A step that returns the record
   * unchanged saves nothing. Services built on conversations (transfers, wrap-ups) change them
   * through here, so that every change is saved and told the same way.
   */
  async change(
    conversationId: string,
    step: (current: Conversation) => Conversation,
    capacity?: AgentCapacityGuard,
  ): Promise<{ conversation: Conversation; previous: Conversation }> {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const previous = await this.get(conversationId);
      const next = step(previous);
      if (next === previous) return { conversation: previous, previous };
      const saved = await this.store.conversations.save(next, previous, capacity);
      if (saved.outcome === 'at_capacity') {
        throw new AppError('at_capacity', `You already have ${capacity?.max ?? 'the most'} chats open; end one first.`);
      }
      if (saved.outcome === 'saved') {
        this.events.publish({ type: 'conversation.changed', conversation: next, previous, left: saved.left, joined: saved.joined });
        return { conversation: next, previous };
      }
    }
    throw new AppError('conflict', 'This chat changed while you acted on it; try again.');
  }
}

/**
 * A conversation's id, derived from the start's client id so that a retried start lands on the
 * same record. Hashed with the site id, so ids cannot be chosen by a client.
 */
function conversationIdFor(siteId: string, clientId: string): string {
  return sha256(`conversation:${siteId}:${clientId}`).slice(0, 32);
}
