/**
 * The `/visitor` namespace, used by the chat app in the widget's iframe. The handshake names the
 * site and, once a chat exists, carries the visitor's token; every command acts on that one
 * conversation only. Handlers parse, authorise, call one service and map the result.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { VISITOR_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import {
  VISITOR_COMMAND_SCHEMAS,
  VisitorHandshakeSchema,
  type VisitorClientEvents,
  type VisitorServerEvents,
} from '../../protocol/visitor-events.js';
import { AppError } from '../domain/app-error.js';
import type { Conversation } from '../domain/entities.js';
import { provesAllowedOrigin } from '../domain/origin-policy.js';
import {
  CHAT_START_RATE_PER_ADDRESS,
  LANGUAGE_SWITCH_RATE_PER_CONVERSATION,
  VISITOR_COMMAND_RATES,
  VISITOR_HANDSHAKE_RATE_PER_ADDRESS,
} from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import { messageView } from '../services/views.js';
import { clientAddress, requestSource } from './request-source.js';
import { handshakeMiddleware, routeCommands, type CommandContext, type CommandTable } from './command-router.js';
import { rooms } from './rooms.js';
import type { VisitorServerSideEvents } from './visitor-directory.js';

export interface VisitorSocketData {
  siteId: string;
  /** The conversation this connection speaks for; null until one starts. */
  conversationId: string | null;
  /** The client's address, for the per-address limits. */
  address: string;
}

type VisitorSocket = Socket<VisitorClientEvents, VisitorServerEvents, VisitorServerSideEvents, VisitorSocketData>;
export type VisitorNamespace = Namespace<VisitorClientEvents, VisitorServerEvents, VisitorServerSideEvents, VisitorSocketData>;

export function registerVisitorNamespace(
  io: Server,
  services: Services,
  context: CommandContext,
  options: { trustProxy: boolean },
): VisitorNamespace {
  // Socket.IO types event maps per server, not per namespace; this namespace speaks its own.
  const namespace = io.of(VISITOR_NAMESPACE) as unknown as VisitorNamespace;

  namespace.use(
    handshakeMiddleware(context, async (socket) => {
      socket.data.address = clientAddress(socket.request, options.trustProxy);
      await services.rateLimits.enforce(
        'visitor-handshake',
        socket.data.address,
        VISITOR_HANDSHAKE_RATE_PER_ADDRESS,
        'Too many connections from your address; wait a moment.',
      );
      await authenticateVisitor(socket, services);
    }),
  );

  const commands = visitorCommands(services);
  namespace.on('connection', (socket) => {
    // Whether the citizen is still there (server/services/visitor-presence-service.ts).
    const presenceFailed = (error: unknown) =>
      context.logger.warn({ err: error, conversationId: socket.data.conversationId }, 'could not record a citizen connecting or leaving');
    if (socket.data.conversationId !== null) services.visitorPresence.connected(socket.data.conversationId).catch(presenceFailed);
    socket.on('disconnect', () => {
      const conversationId = socket.data.conversationId;
      // A node shutting down sends its citizens to the others: not a departure. One who does not
      // reconnect is found by the other nodes' sweep.
      if (conversationId !== null && !context.lifecycle.draining) services.visitorPresence.disconnected(conversationId).catch(presenceFailed);
    });
    routeCommands(socket, context, { schemas: VISITOR_COMMAND_SCHEMAS, commands, actor: async () => socket });
  });

  return namespace;
}

/** The conversation a connection speaks for; `not_found` before one starts. */
function ownConversationId(socket: VisitorSocket): string {
  if (socket.data.conversationId === null) throw new AppError('not_found', 'No chat has started in this window yet.');
  return socket.data.conversationId;
}

/** What each visitor command does, for the one conversation the connection (the actor) speaks for. */
function visitorCommands(services: Services): CommandTable<VisitorClientEvents, typeof VISITOR_COMMAND_SCHEMAS, VisitorSocket> {
  return {
    'conversation:start': {
      rate: VISITOR_COMMAND_RATES['conversation:start'],
      run: async (socket, payload) => {
        await services.rateLimits.enforce(
          'chat-start',
          socket.data.address,
          CHAT_START_RATE_PER_ADDRESS,
          'Too many chats started from your address; wait a moment.',
        );
        // The soft launch judged afresh (resuming never starts a chat): chat, the topic and the
        // guard, for this visitor on this page now. A retry of a start already made finds its chat.
        const site = await services.offers.siteOf(socket.data.siteId);
        try {
          await services.offers.assertMayStart(site, { visitorId: payload.visitorId, pageUrl: payload.pageUrl, language: payload.language, topicId: payload.topicId });
        } catch (error) {
          if ((await services.conversations.startedBy(site.id, payload.clientId, payload.secret)) === null) throw error;
        }
        const previousId = socket.data.conversationId;
        // Every field named: a field renamed in protocol/ fails to compile here.
        const { conversation, token } = await services.conversations.start({
          siteId: socket.data.siteId,
          replacing: previousId,
          clientId: payload.clientId,
          secret: payload.secret,
          topicId: payload.topicId,
          language: payload.language,
          visitorName: payload.visitorName,
          pageUrl: payload.pageUrl,
          pageTitle: payload.pageTitle,
          timeZone: payload.timeZone,
        });
        await services.offers.noteConversation(site.id, payload.visitorId, conversation.id);
        if (previousId !== null && previousId !== conversation.id) await socket.leave(rooms.visitorOf(previousId));
        socket.data.conversationId = conversation.id;
        await socket.join(followedRooms(conversation));
        return { conversation: await services.views.visitorConversation(conversation), token };
      },
    },
    'conversation:sync': {
      rate: VISITOR_COMMAND_RATES['conversation:sync'],
      run: async (socket, { afterSeq }) => {
        const conversation = await services.conversations.get(ownConversationId(socket));
        const page = await services.conversations.messagesAfter(conversation.id, afterSeq);
        return {
          conversation: await services.views.visitorConversation(conversation),
          messages: page.messages.map((message) => messageView(message, 'visitor')),
          hasMore: page.hasMore,
        };
      },
    },
    'message:send': {
      rate: VISITOR_COMMAND_RATES['message:send'],
      run: async (socket, payload) => {
        const { message, redacted } = await services.conversations.postAsVisitor(ownConversationId(socket), payload);
        return { message: messageView(message, 'visitor'), redacted };
      },
    },
    'conversation:end': {
      rate: VISITOR_COMMAND_RATES['conversation:end'],
      run: async (socket) => {
        const conversation = await services.conversations.endByVisitor(ownConversationId(socket));
        return { conversation: await services.views.visitorConversation(conversation) };
      },
    },
    'message:leave': {
      rate: VISITOR_COMMAND_RATES['message:leave'],
      run: async (socket, payload) => {
        // Every field named: a field renamed in protocol/ fails to compile here.
        const { item, redacted } = await services.inbox.leave(
          {
            siteId: socket.data.siteId,
            clientId: payload.clientId,
            topicId: payload.topicId,
            language: payload.language,
            visitorName: payload.visitorName,
            email: payload.email,
            phone: payload.phone,
            text: payload.text,
            pageUrl: payload.pageUrl,
          },
          socket.data.address,
        );
        return { reference: item.reference, redacted };
      },
    },
    'conversation:extend': {
      rate: VISITOR_COMMAND_RATES['conversation:extend'],
      run: async (socket) => {
        const conversation = await services.conversations.extendByVisitor(ownConversationId(socket));
        return { conversation: await services.views.visitorConversation(conversation) };
      },
    },
    'typing:set': {
      rate: VISITOR_COMMAND_RATES['typing:set'],
      run: async (socket, { typing }) => {
        await services.typing.fromVisitor(ownConversationId(socket), typing);
        return {};
      },
    },
    'conversation:set-language': {
      rate: VISITOR_COMMAND_RATES['conversation:set-language'],
      run: async (socket, { language }) => {
        const conversationId = ownConversationId(socket);
        await services.rateLimits.enforce(
          'language-switch',
          conversationId,
          LANGUAGE_SWITCH_RATE_PER_CONVERSATION,
          'Too many language changes in this chat; wait a moment.',
        );
        const conversation = await services.conversations.switchLanguage(conversationId, language);
        return { conversation: await services.views.visitorConversation(conversation) };
      },
    },
    'survey:answer': {
      rate: VISITOR_COMMAND_RATES['survey:answer'],
      run: async (socket, answers) => {
        const conversation = await services.surveys.answer(ownConversationId(socket), answers);
        return { conversation: await services.views.visitorConversation(conversation) };
      },
    },
  };
}

/**
 * Checks the handshake: protocol version, site, origin, and the token if one is presented. The
 * origin must be proven (see `provesAllowedOrigin`): a connection that shows none is refused.
 */
async function authenticateVisitor(socket: VisitorSocket, services: Services): Promise<void> {
  const handshake = VisitorHandshakeSchema.safeParse(socket.handshake.auth);
  if (!handshake.success) throw new AppError('invalid_payload', 'The connection did not say which site it is for.');
  const { protocolVersion, siteId, token } = handshake.data;
  if (protocolVersion !== PROTOCOL_VERSION) {
    throw new AppError('client_outdated', 'This chat window is out of date; reload the page.');
  }
  const site = await services.sites.require(siteId);
  if (!provesAllowedOrigin(requestSource(socket), site.allowedOrigins)) {
    throw new AppError('origin_not_allowed', 'Chat is not enabled for this website.');
  }
  socket.data.siteId = site.id;
  socket.data.conversationId = null;
  if (token !== undefined) {
    const conversation = await services.conversations.authenticateVisitor(site.id, token);
    socket.data.conversationId = conversation.id;
    await socket.join(followedRooms(conversation));
  }
}

/** The rooms a visitor's connection follows: its conversation's, and its queue's while it waits. */
function followedRooms(conversation: Conversation): string[] {
  const followed = [rooms.visitorOf(conversation.id)];
  if (conversation.status === 'queued') followed.push(rooms.queue(conversation.queueId));
  return followed;
}
