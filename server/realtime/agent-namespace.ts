/**
 * The `/agent` namespace, used by the console. The handshake is authenticated by the session
 * cookie (Socket.IO bypasses Fastify's hooks, so it is checked here, in `use`), and every command
 * checks again that the session is still live, so an expired session stops working at once.
 */
import type { AgentServerSideEvents } from './agent-directory.js';
import type { MessageFanoutEvents } from './message-fanout.js';
import type { FastifyInstance } from 'fastify';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  AGENT_COMMAND_SCHEMAS,
  AgentHandshakeSchema,
  type AgentClientEvents,
  type AgentServerEvents,
} from '../../protocol/agent-events.js';
import type { Role } from '../../protocol/models.js';
import { AGENT_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { AppError } from '../domain/app-error.js';
import type { Agent } from '../domain/entities.js';
import { provesAllowedOrigin } from '../domain/origin-policy.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import { hasRole } from '../domain/roles.js';
import { sessionIdFromCookieHeader } from '../http/session-cookie.js';
import type { Services } from '../services/index.js';
import {
  agentProfileView,
  cannedAnswerView,
  messageView,
  noteView,
  topicViews,
  transferAgentTargetView,
  transferQueueTargetView,
  wrapUpOutcomeView,
} from '../services/views.js';
import { handshakeMiddleware, routeCommands, type CommandContext, type CommandTable } from './command-router.js';
import { rooms } from './rooms.js';
import { requestSource } from './request-source.js';
import { rolloutOfferCommands, type RolloutOfferCommand } from './rollout-offer-commands.js';
import { rolloutCommands, type RolloutCommand } from './rollout-commands.js';
import { staffingCommands, type StaffingCommand } from './staffing-commands.js';
import { supervisionCommands, type SupervisionCommand } from './supervision-commands.js';
import { accountCommands, type AccountCommand } from './account-commands.js';
import { historyCommands, type HistoryCommand } from './history-commands.js';
import { reportCommands, type ReportCommand } from './report-commands.js';
import { siteCommands, type SiteCommand } from './site-commands.js';
import { personaCommands, type PersonaCommand } from './persona-commands.js';

export interface AgentSocketData {
  agentId: string;
  sessionId: string;
  /** The queues this console lists waiting chats of: those its agent picks from. */
  queueIds: string[];
  /** The queues whose left messages its inbox shows; null: every queue. */
  inboxQueueIds: string[] | null;
  /** Whether its agent was a manager at the handshake (it joins `rooms.managers()`; `agent.changed` keeps that true). */
  manager: boolean;
}

type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, AgentServerSideEvents & MessageFanoutEvents, AgentSocketData>;
export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, AgentServerSideEvents & MessageFanoutEvents, AgentSocketData>;

/** Console commands, each with the least role that may send it (roles nest: see domain/roles.ts). */
export type AgentCommandTable = CommandTable<AgentClientEvents, typeof AGENT_COMMAND_SCHEMAS, Agent, { requires: Role }>;

/** How often an open console's session is checked for expiry. */
const SESSION_CHECK_INTERVAL_MS = 60_000;

export interface AgentNamespaceOptions {
  /**
   * Origins the console is served from besides the chat host itself (the public address, when a
   * proxy in front changes the Host header).
   */
  consoleOrigins: readonly string[];
  /** `PUBLIC_URL`, when set: where one-time password links point. */
  publicUrl?: string;
}

export function registerAgentNamespace(
  io: Server,
  app: FastifyInstance,
  services: Services,
  context: CommandContext,
  options: AgentNamespaceOptions,
): AgentNamespace {
  // Socket.IO types event maps per server, not per namespace; this namespace speaks its own.
  const namespace = io.of(AGENT_NAMESPACE) as unknown as AgentNamespace;

  namespace.use(handshakeMiddleware(context, (socket) => authenticateAgent(socket, app, services, options)));

  const commands = agentCommands(services);
  namespace.on('connection', (socket) => {
    const { agentId, sessionId } = socket.data;
    const inboxRooms = socket.data.inboxQueueIds === null ? [rooms.inboxAll()] : socket.data.inboxQueueIds.map(rooms.inbox);
    const managerRooms = socket.data.manager ? [rooms.managers()] : [];
    void socket.join([rooms.agent(agentId), rooms.session(sessionId), ...socket.data.queueIds.map(rooms.queue), ...inboxRooms, ...managerRooms]);
    services.presence.connected(agentId).catch((error: unknown) =>
      context.logger.error({ err: error, agentId }, 'could not record an agent connection'),
    );
    // An idle console must not go on receiving citizens' messages after its session expired.
    const sessionCheck = setInterval(() => {
      services.auth.endIfExpired(sessionId).catch(() => {
        // The store is away: checked again next time.
      });
    }, SESSION_CHECK_INTERVAL_MS);
    sessionCheck.unref();

    socket.on('disconnect', () => {
      clearInterval(sessionCheck);
      // A session gone from the store means signed out or expired: no grace period then.
      services.store.sessions
        .get(sessionId)
        .then((session) => services.presence.disconnected(agentId, { sessionEnded: session === null }))
        .catch((error: unknown) => context.logger.error({ err: error, agentId }, 'could not record an agent disconnection'));
    });

    // The supervision commands hold this connection's rooms (the view, the chats it watches).
    const table: AgentCommandTable = {
      ...commands,
      ...supervisionCommands(services, socket, new Set()),
      ...accountCommands(services, socket, sessionId, { publicUrl: options.publicUrl }),
      ...siteCommands(services, socket),
      ...personaCommands(services),
      ...rolloutOfferCommands(services),
      ...rolloutCommands(services, socket),
      ...staffingCommands(services),
      ...historyCommands(services),
      ...reportCommands(services),
    };
    // Every command checks again that the session is live (so an expired one stops at once) and
    // that its agent holds the role the command requires.
    routeCommands(socket, context, {
      schemas: AGENT_COMMAND_SCHEMAS,
      commands: table,
      actor: async (command) => {
        const { agent } = await services.auth.authenticate(sessionId);
        if (!hasRole(agent.role, command.requires)) throw new AppError('forbidden', 'Your role does not allow this.');
        return agent;
      },
    });
  });

  return namespace;
}

/** What each console command does for the signed-in agent (the actor); supervision-commands.ts has the rest. */
function agentCommands(services: Services): Omit<AgentCommandTable, SupervisionCommand | RolloutOfferCommand | RolloutCommand | AccountCommand | HistoryCommand | SiteCommand | ReportCommand | StaffingCommand | PersonaCommand> {
  return {
    'console:sync': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['console:sync'],
      run: async (agent) => {
        const [presence, { queued, revisions }, held, sites, outcomes] = await Promise.all([
          services.presence.statusOf(agent.id),
          services.conversations.queueSnapshot(await services.conversations.pickableQueueIds(agent)),
          services.conversations.activeOf(agent.id),
          services.sites.list(),
          services.wrapUps.outcomes(),
        ]);
        return {
          agent: agentProfileView(agent, presence),
          topics: sites.flatMap(topicViews),
          queue: await services.views.queueEntries(queued),
          queueRevisions: revisions,
          conversations: await services.views.agentConversations(held),
          wrapUpOutcomes: outcomes.map(wrapUpOutcomeView),
        };
      },
    },
    'agent:set-status': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['agent:set-status'],
      run: async (agent, { status, reason }) => ({
        agent: agentProfileView(agent, await services.presence.setStatus(agent.id, status, reason ?? null)),
      }),
    },
    'conversation:accept': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['conversation:accept'],
      run: async (agent, { conversationId }) => ({
        conversation: await services.views.agentConversation(await services.conversations.accept(agent, conversationId)),
      }),
    },
    'conversation:end': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['conversation:end'],
      run: async (agent, { conversationId, reason }) => ({
        conversation: await services.views.agentConversation(await services.conversations.endByAgent(agent, conversationId, reason)),
      }),
    },
    'message:send': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['message:send'],
      run: async (agent, { conversationId, ...request }) => {
        const { message, redacted } = await services.conversations.postAsAgent(agent, conversationId, request);
        return { message: messageView(message, 'agent'), redacted };
      },
    },
    'messages:since': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['messages:since'],
      run: async (agent, { conversationId, afterSeq, limit }) => {
        const conversation = await services.conversations.readableBy(agent, conversationId);
        const page = await services.conversations.messagesAfter(conversationId, afterSeq, limit);
        return {
          conversation: await services.views.agentConversation(conversation),
          messages: page.messages.map((message) => messageView(message, 'agent')),
          hasMore: page.hasMore,
        };
      },
    },
    'inbox:list': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['inbox:list'],
      run: async (agent, { before, limit }) => {
        const page = await services.inbox.list(agent, before === undefined ? null : parseInboxCursor(before), limit ?? INBOX_PAGE_DEFAULT);
        return { items: await services.views.inboxItems(page.items), next: page.next === null ? null : `${page.next.createdAt}.${page.next.id}` };
      },
    },
    'inbox:answer': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['inbox:answer'],
      run: async (agent, { itemId, note }) => {
        const [item] = await services.views.inboxItems([await services.inbox.answer(agent, itemId, note)]);
        return { item: item! };
      },
    },
    'conversation:ask-still-there': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['conversation:ask-still-there'],
      run: async (agent, { conversationId, clientId }) => ({
        message: messageView(await services.conversations.askStillThere(agent, conversationId, clientId), 'agent'),
      }),
    },
    'typing:set': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['typing:set'],
      run: async (agent, { conversationId, typing }) => {
        await services.typing.fromAgent(agent, conversationId, typing);
        return {};
      },
    },
    'note:add': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['note:add'],
      run: async (agent, { conversationId, clientId, text }) => ({
        note: noteView(await services.notes.add(agent, conversationId, { clientId, text })),
      }),
    },
    'notes:list': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['notes:list'],
      run: async (agent, { conversationId }) => ({ notes: (await services.notes.list(agent, conversationId)).map(noteView) }),
    },
    'canned-answers:list': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['canned-answers:list'],
      run: async () => ({ cannedAnswers: (await services.cannedAnswers.list()).map(cannedAnswerView) }),
    },
    // The holder of an active chat, or a supervisor or manager for any chat (checked in the service).
    'conversation:transfer': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['conversation:transfer'],
      run: async (agent, { conversationId, to, note }) => ({
        conversation: await services.views.agentConversation(await services.transfers.transfer(agent, conversationId, to, note ?? null)),
      }),
    },
    'agents:transfer-targets': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['agents:transfer-targets'],
      run: async (agent, { conversationId }) => {
        const targets = await services.transfers.targets(agent, conversationId);
        return {
          agents: targets.agents.map(({ agent: target, activeChats }) => transferAgentTargetView(target, activeChats)),
          queues: targets.queues.map(transferQueueTargetView),
        };
      },
    },
    'conversation:wrap-up': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['conversation:wrap-up'],
      run: async (agent, { conversationId, outcome, note }) => ({
        conversation: await services.views.agentConversation(await services.wrapUps.record(agent, conversationId, { outcome, note: note ?? null })),
      }),
    },
  };
}

/** Items in an inbox page unless the console asks for another number. */
const INBOX_PAGE_DEFAULT = 20;

/** `{time}.{id}`, as `inbox:list` answers it (its schema checked the form). */
function parseInboxCursor(cursor: string): { createdAt: number; id: string } {
  const [time = '0', id = ''] = cursor.split('.');
  return { createdAt: Number(time), id };
}

/**
 * Checks the handshake: protocol version, the console's own origin, and a live session in the
 * cookie. The cookie is SameSite=Lax, so a page of the same *site* on another origin (a sibling
 * subdomain, another port) sends it too: only proof of the console's own origin tells them apart.
 */
async function authenticateAgent(
  socket: AgentSocket,
  app: FastifyInstance,
  services: Services,
  options: AgentNamespaceOptions,
): Promise<void> {
  const handshake = AgentHandshakeSchema.safeParse(socket.handshake.auth);
  if (!handshake.success) throw new AppError('invalid_payload', 'The connection did not say its protocol version.');
  if (handshake.data.protocolVersion !== PROTOCOL_VERSION) {
    throw new AppError('client_outdated', 'The console is out of date; reload the page.');
  }
  if (!provesAllowedOrigin(requestSource(socket), options.consoleOrigins)) {
    throw new AppError('origin_not_allowed', 'Open the console from its own address.');
  }
  const { agent, session } = await services.auth.authenticate(sessionIdFromCookieHeader(app, socket.handshake.headers.cookie));
  socket.data.agentId = agent.id;
  socket.data.sessionId = session.id;
  socket.data.queueIds = await services.conversations.pickableQueueIds(agent);
  socket.data.inboxQueueIds = await services.inbox.visibleQueueIds(agent);
  socket.data.manager = hasRole(agent.role, 'manager');
}
