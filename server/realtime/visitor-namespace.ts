/**
 * The `/visitor` namespace, used by the chat app in the widget's iframe. The handshake names the
 * site and, once a chat exists, carries the visitor's token; every command acts on that one
 * conversation only. Handlers parse, authorise, call one service and map the result.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { VISITOR_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import {
  ConversationStartSchema,
  VisitorEndSchema,
  VisitorHandshakeSchema,
  VisitorMessageSendSchema,
  VisitorSyncSchema,
  type VisitorClientEvents,
  type VisitorServerEvents,
} from '../../protocol/visitor-events.js';
import { AppError } from '../domain/app-error.js';
import { isOriginAllowed } from '../domain/origin-policy.js';
import type { RatePolicy } from '../domain/rate-limit.js';
import type { Services } from '../services/index.js';
import { messageView } from '../services/views.js';
import { AddressLimiter, clientAddress } from './address-limits.js';
import { defineCommand, handshakeMiddleware, type CommandContext } from './commands.js';
import { rooms } from './rooms.js';

export interface VisitorSocketData {
  siteId: string;
  /** The conversation this connection speaks for; null until one starts. */
  conversationId: string | null;
}

type VisitorSocket = Socket<VisitorClientEvents, VisitorServerEvents, Record<string, never>, VisitorSocketData>;
export type VisitorNamespace = Namespace<VisitorClientEvents, VisitorServerEvents, Record<string, never>, VisitorSocketData>;

/** A few starts a minute per connection: enough for a person, not for a script filling the queue. */
const START_RATE: RatePolicy = { capacity: 3, refillPerSecond: 1 / 20 };
/** Per client address (a script reconnects to reset the above): room for a busy shared address. */
const START_RATE_PER_ADDRESS: RatePolicy = { capacity: 20, refillPerSecond: 1 / 6 };
const HANDSHAKE_RATE_PER_ADDRESS: RatePolicy = { capacity: 60, refillPerSecond: 1 };
/** Bursts of pasted lines are fine; a flood is not. */
const MESSAGE_RATE: RatePolicy = { capacity: 20, refillPerSecond: 1 };

export function registerVisitorNamespace(
  io: Server,
  services: Services,
  context: CommandContext,
  options: { trustProxy: boolean },
): VisitorNamespace {
  const handshakesPerAddress = new AddressLimiter(HANDSHAKE_RATE_PER_ADDRESS, context.clock);
  const startsPerAddress = new AddressLimiter(START_RATE_PER_ADDRESS, context.clock);
  // Socket.IO types event maps per server, not per namespace; this namespace speaks its own.
  const namespace = io.of(VISITOR_NAMESPACE) as unknown as VisitorNamespace;

  namespace.use(
    handshakeMiddleware(context, async (socket) => {
      if (!handshakesPerAddress.allow(clientAddress(socket, options.trustProxy))) {
        throw new AppError('rate_limited', 'Too many connections from your address; wait a moment.');
      }
      await authenticateVisitor(socket, services);
    }),
  );

  namespace.on('connection', (socket) => {
    const ownConversationId = (): string => {
      if (socket.data.conversationId === null) throw new AppError('not_found', 'No chat has started in this window yet.');
      return socket.data.conversationId;
    };

    socket.on(
      'conversation:start',
      defineCommand(
        socket,
        context,
        'conversation:start',
        ConversationStartSchema,
        async (payload) => {
          if (!startsPerAddress.allow(clientAddress(socket, options.trustProxy))) {
            throw new AppError('rate_limited', 'Too many chats started from your address; wait a moment.');
          }
          const previousId = socket.data.conversationId;
          const { conversation, token } = await services.conversations.start({
            ...payload,
            siteId: socket.data.siteId,
            replacing: previousId,
          });
          if (previousId !== null && previousId !== conversation.id) await socket.leave(rooms.visitorOf(previousId));
          socket.data.conversationId = conversation.id;
          await socket.join(rooms.visitorOf(conversation.id));
          return { conversation: await services.views.visitorConversation(conversation), token };
        },
        { rate: START_RATE },
      ),
    );

    socket.on(
      'conversation:sync',
      defineCommand(socket, context, 'conversation:sync', VisitorSyncSchema, async ({ afterSeq }) => {
        const conversation = await services.conversations.get(ownConversationId());
        const page = await services.conversations.messagesAfter(conversation.id, afterSeq);
        return {
          conversation: await services.views.visitorConversation(conversation),
          messages: page.messages.map((message) => messageView(message, 'visitor')),
          hasMore: page.hasMore,
        };
      }),
    );

    socket.on(
      'message:send',
      defineCommand(
        socket,
        context,
        'message:send',
        VisitorMessageSendSchema,
        async (payload) => ({
          message: messageView(await services.conversations.postAsVisitor(ownConversationId(), payload), 'visitor'),
        }),
        { rate: MESSAGE_RATE },
      ),
    );

    socket.on(
      'conversation:end',
      defineCommand(socket, context, 'conversation:end', VisitorEndSchema, async () => {
        const conversation = await services.conversations.endByVisitor(ownConversationId());
        return { conversation: await services.views.visitorConversation(conversation) };
      }),
    );
  });

  return namespace;
}

/** Checks the handshake: protocol version, site, origin, and the token if one is presented. */
async function authenticateVisitor(socket: VisitorSocket, services: Services): Promise<void> {
  const handshake = VisitorHandshakeSchema.safeParse(socket.handshake.auth);
  if (!handshake.success) throw new AppError('invalid_payload', 'The connection did not say which site it is for.');
  const { protocolVersion, siteId, token } = handshake.data;
  if (protocolVersion !== PROTOCOL_VERSION) {
    throw new AppError('client_outdated', 'This chat window is out of date; reload the page.');
  }
  const site = await services.sites.require(siteId);
  const { origin, host } = socket.handshake.headers;
  if (!isOriginAllowed(origin, host, site.allowedOrigins)) {
    throw new AppError('origin_not_allowed', 'Chat is not enabled for this website.');
  }
  socket.data.siteId = site.id;
  socket.data.conversationId = null;
  if (token !== undefined) {
    const conversation = await services.conversations.authenticateVisitor(site.id, token);
    socket.data.conversationId = conversation.id;
    await socket.join(rooms.visitorOf(conversation.id));
  }
}
