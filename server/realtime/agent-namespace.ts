/**
 * The `/agent` namespace, used by the console. The handshake is authenticated by the session
 * cookie (Socket.IO bypasses Fastify's hooks, so it is checked here, in `use`), and every command
 * checks again that the session is still live, so an expired session stops working at once.
 */
import type { FastifyInstance } from 'fastify';
import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import {
  AgentEndSchema,
  AgentHandshakeSchema,
  AgentMessageSendSchema,
  AgentMessagesSinceSchema,
  AgentSetStatusSchema,
  ConsoleSyncSchema,
  ConversationRefSchema,
  type AgentClientEvents,
  type AgentServerEvents,
} from '../../protocol/agent-events.js';
import { AGENT_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { AppError } from '../domain/app-error.js';
import type { Agent } from '../domain/entities.js';
import { isOriginAllowed } from '../domain/origin-policy.js';
import type { RatePolicy } from '../domain/rate-limit.js';
import { sessionIdFromCookieHeader } from '../http/session-cookie.js';
import type { Services } from '../services/index.js';
import type { ConnectionDirectory } from '../services/presence-service.js';
import { agentProfileView, messageView, topicViews } from '../services/views.js';
import { defineCommand, handshakeMiddleware, type CommandContext } from './commands.js';
import { rooms } from './rooms.js';

export interface AgentSocketData {
  agentId: string;
  sessionId: string;
}

type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;
export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;

/** How often an open console's session is checked for expiry. */
const SESSION_CHECK_INTERVAL_MS = 60_000;

/** Generous: agents type fast and paste canned answers, but a runaway script is stopped. */
const AGENT_COMMAND_RATE: RatePolicy = { capacity: 40, refillPerSecond: 5 };

export function registerAgentNamespace(
  io: Server,
  app: FastifyInstance,
  services: Services,
  context: CommandContext,
): AgentNamespace {
  // Socket.IO types event maps per server, not per namespace; this namespace speaks its own.
  const namespace = io.of(AGENT_NAMESPACE) as unknown as AgentNamespace;

  namespace.use(handshakeMiddleware(context, (socket) => authenticateAgent(socket, app, services)));

  namespace.on('connection', (socket) => {
    const { agentId, sessionId } = socket.data;
    void socket.join([rooms.agent(agentId), rooms.session(sessionId), rooms.queueWatchers()]);
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

    /** A command run as the session's agent, after checking the session is still live. */
    const asAgent = <Schema extends z.ZodType, Result extends object>(
      event: keyof AgentClientEvents,
      schema: Schema,
      run: (agent: Agent, payload: z.output<Schema>) => Promise<Result>,
    ) =>
      socket.on(
        event,
        defineCommand(
          socket,
          context,
          event,
          schema,
          async (payload) => run((await services.auth.authenticate(sessionId)).agent, payload),
          { rate: AGENT_COMMAND_RATE },
        ),
      );

    asAgent('console:sync', ConsoleSyncSchema, async (agent) => {
      const [presence, queue, held, sites] = await Promise.all([
        services.presence.statusOf(agent.id),
        services.conversations.queue(),
        services.conversations.activeOf(agent.id),
        services.sites.list(),
      ]);
      return {
        agent: agentProfileView(agent, presence),
        topics: sites.flatMap(topicViews),
        queue: await services.views.agentConversations(queue, queue),
        conversations: await services.views.agentConversations(held, queue),
      };
    });

    asAgent('agent:set-status', AgentSetStatusSchema, async (agent, { status }) => ({
      agent: agentProfileView(agent, await services.presence.setStatus(agent.id, status)),
    }));

    asAgent('conversation:accept', ConversationRefSchema, async (agent, { conversationId }) => ({
      conversation: await services.views.agentConversation(await services.conversations.accept(agent, conversationId)),
    }));

    asAgent('conversation:end', AgentEndSchema, async (agent, { conversationId, reason }) => ({
      conversation: await services.views.agentConversation(
        await services.conversations.endByAgent(agent, conversationId, reason),
      ),
    }));

    asAgent('message:send', AgentMessageSendSchema, async (agent, { conversationId, ...message }) => ({
      message: messageView(await services.conversations.postAsAgent(agent, conversationId, message), 'agent'),
    }));

    asAgent('messages:since', AgentMessagesSinceSchema, async (agent, { conversationId, afterSeq, limit }) => {
      const conversation = await services.conversations.readableBy(agent, conversationId);
      const page = await services.conversations.messagesAfter(conversationId, afterSeq, limit);
      return {
        conversation: await services.views.agentConversation(conversation),
        messages: page.messages.map((message) => messageView(message, 'agent')),
        hasMore: page.hasMore,
      };
    });
  });

  return namespace;
}

/** Which agents have a console connected, asked of every node (through the adapter). */
export function agentDirectory(namespace: AgentNamespace): ConnectionDirectory {
  return {
    isConnected: async (agentId) => (await namespace.in(rooms.agent(agentId)).fetchSockets()).length > 0,
    connectedAgentIds: async () => new Set((await namespace.fetchSockets()).map((socket) => socket.data.agentId)),
  };
}

/** Checks the handshake: protocol version, same-origin, and a live session in the cookie. */
async function authenticateAgent(socket: AgentSocket, app: FastifyInstance, services: Services): Promise<void> {
  const handshake = AgentHandshakeSchema.safeParse(socket.handshake.auth);
  if (!handshake.success) throw new AppError('invalid_payload', 'The connection did not say its protocol version.');
  if (handshake.data.protocolVersion !== PROTOCOL_VERSION) {
    throw new AppError('client_outdated', 'The console is out of date; reload the page.');
  }
  // The console is served by this host: a cookie-carrying connection from any other origin is a
  // cross-site WebSocket hijacking attempt.
  const { origin, host, cookie } = socket.handshake.headers;
  if (!isOriginAllowed(origin, host, [])) throw new AppError('origin_not_allowed', 'Open the console from its own address.');
  const { agent, session } = await services.auth.authenticate(sessionIdFromCookieHeader(app, cookie));
  socket.data.agentId = agent.id;
  socket.data.sessionId = session.id;
}
