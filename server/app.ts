/**
 * Builds the whole server (HTTP routes and Socket.IO namespaces on one port) around a config and
 * a store. Starts nothing by itself: `listen()` does, and `close()` stops everything it started.
 * Tests call this with port 0 and their own clock or store.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { HTTP_BODY_MAX_BYTES, SOCKET_FRAME_MAX_BYTES } from '../protocol/limits.js';
import type { Config } from './config.js';
import { registerErrorHandling } from './http/errors.js';
import { authRoutes } from './http/routes/auth.js';
import { healthRoutes } from './http/routes/health.js';
import { pageRoutes } from './http/routes/pages.js';
import { widgetRoutes } from './http/routes/widget.js';
import { createLoggerOptions } from './logger.js';
import { registerAgentNamespace } from './realtime/agent-namespace.js';
import { Broadcaster } from './realtime/broadcaster.js';
import { registerVisitorNamespace } from './realtime/visitor-namespace.js';
import { systemClock, type Clock } from './services/clock.js';
import { createServices, type Services } from './services/index.js';
import { seed, type SeedResult } from './services/seed.js';
import { createMemoryStore } from './stores/memory-store.js';
import type { Store } from './stores/store.js';

export interface ServerOverrides {
  store?: Store;
  clock?: Clock;
}

export interface ChatServer {
  readonly app: FastifyInstance;
  readonly io: Server;
  readonly services: Services;
  readonly seeded: SeedResult;
  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:3000`. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function createServer(config: Config, overrides: ServerOverrides = {}): Promise<ChatServer> {
  const app = Fastify({
    logger: createLoggerOptions(config),
    // Per-request lines drown a terminal; collectors (LOG_FORMAT=json) get them.
    logController: new LogController({ disableRequestLogging: config.logFormat === 'pretty' }),
    bodyLimit: HTTP_BODY_MAX_BYTES,
    trustProxy: config.trustProxy,
    // On close, drop idle keep-alive connections too, so that close() does not wait on them.
    forceCloseConnections: true,
  });
  const store = overrides.store ?? createMemoryStore();
  const clock = overrides.clock ?? systemClock;
  const services = createServices(config, store, clock, app.log);

  registerErrorHandling(app);
  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(healthRoutes, { services });
  await app.register(authRoutes, { services, config });
  await app.register(widgetRoutes, { services });
  await app.register(pageRoutes);

  // fastify-socket.io does not support Fastify 5: attach Socket.IO to Fastify's server directly.
  const io = new Server(app.server, {
    maxHttpBufferSize: SOCKET_FRAME_MAX_BYTES,
    serveClient: false,
    // Origins are checked per namespace against each site's list; see visitor-namespace.ts.
    cors: { origin: false },
  });
  const commandContext = { logger: app.log, clock };
  const visitors = registerVisitorNamespace(io, services, commandContext);
  const agents = registerAgentNamespace(io, app, services, commandContext);
  const broadcaster = new Broadcaster(services, visitors, agents, app.log);

  // Socket.IO's own close() would also close the HTTP server, which Fastify closes itself; so
  // only this node's sockets are dropped here (io.local: not the other nodes' through an adapter).
  app.addHook('preClose', async () => {
    services.presence.stop();
    broadcaster.stop();
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    await store.close();
  });

  const seeded = await seed(config, store, services.auth);

  return {
    app,
    io,
    services,
    seeded,
    listen: async () => app.listen({ host: config.host, port: config.port }),
    close: () => app.close(),
  };
}
