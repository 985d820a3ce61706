/**
 * Builds the whole server (HTTP routes and Socket.IO namespaces on one port) around a config and
 * a store: in memory by default, Redis when `REDIS_URL` is set (then several processes serve one
 * deployment, joined by the Socket.IO Redis streams adapter). Starts nothing by itself: `listen()`
 * does, and `close()` stops gracefully. Tests call this with port 0 and their own clock or store.
 */
import fastifyCookie from '@fastify/cookie';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { HTTP_BODY_MAX_BYTES, SOCKET_FRAME_MAX_BYTES } from '../protocol/limits.js';
import { AGENT_NAMESPACE, VISITOR_NAMESPACE } from '../protocol/namespaces.js';
import type { Config } from './config.js';
import { registerErrorHandling, sendError } from './http/errors.js';
import { setPasswordRoutes } from './http/routes/set-password.js';
import { auditRoutes } from './http/routes/audit.js';
import { historyRoutes } from './http/routes/history.js';
import { reportRoutes } from './http/routes/reports.js';
import { authRoutes } from './http/routes/auth.js';
import { ssoRoutes } from './http/routes/sso.js';
import { healthRoutes } from './http/routes/health.js';
import { metricsRoutes } from './http/routes/metrics.js';
import { pageRoutes } from './http/routes/pages.js';
import { ofrepRoutes } from './http/routes/ofrep.js';
import { widgetTranscriptRoutes } from './http/routes/widget-transcript.js';
import { widgetRoutes } from './http/routes/widget.js';
import { personaRoutes } from './http/routes/persona.js';
import { registerPressure } from './http/pressure.js';
import { registerSecurityHeaders, responseSecurityHeaders } from './http/security-headers.js';
import { useZodSchemas } from './http/zod-type-provider.js';
import { createLoggerOptions } from './logger.js';
import { agentDirectory } from './realtime/agent-directory.js';
import { registerAgentNamespace } from './realtime/agent-namespace.js';
import { Broadcaster } from './realtime/broadcaster.js';
import { MessageFanout } from './realtime/message-fanout.js';
import { handshakeError } from './realtime/command-router.js';
import { ConnectionGuard, SOCKET_UNSENT_MAX_BYTES } from './realtime/connection-guard.js';
import { InFlight } from './realtime/in-flight.js';
import { refuseNewVisitorsUnderPressure } from './realtime/pressure-guard.js';
import { visitorDirectory } from './realtime/visitor-directory.js';
import { registerVisitorNamespace } from './realtime/visitor-namespace.js';
import { systemClock, type Clock } from './services/clock.js';
import { createServices, type Services } from './services/index.js';
import { createSmtpMailer } from './services/mailer.js';
import { PasswordHasher, PRODUCTION_HASHING, type PasswordHashingOptions } from './services/password-hasher.js';
import { seed, type SeedResult } from './services/seed.js';
import { createMemoryStore } from './stores/memory-store.js';
import { connectWithin, createAdapterClient, createStoreClient } from './stores/redis-connection.js';
import { redisKeys } from './stores/redis-keys.js';
import { createRedisStore, upgradeRedisLayout } from './stores/redis-store.js';
import type { Store } from './stores/store.js';

export interface ServerOverrides {
  store?: Store;
  clock?: Clock;
  /** Tests use a cheap scrypt cost: production's ~100 ms a hash adds up over a test suite. */
  passwordHashing?: PasswordHashingOptions;
}

export interface ChatServer {
  readonly app: FastifyInstance;
  readonly io: Server;
  readonly services: Services;
  readonly seeded: SeedResult;
  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:3000`. */
  listen(): Promise<string>;
  /**
   * Stops gracefully: refuses new connections and reports not-ready, lets commands in flight
   * finish (up to SHUTDOWN_GRACE_SECONDS), tells connected clients to reconnect (to another node,
   * behind a load balancer), then closes.
   */
  close(): Promise<void>;
}

export async function createServer(config: Config, overrides: ServerOverrides = {}): Promise<ChatServer> {
  const app = Fastify({
    logger: createLoggerOptions(config),
    // Per-request lines drown a terminal; collectors (LOG_FORMAT=json) get them, except for the
    // health probes a load balancer sends every few seconds.
    logController: new LogController({
      disableRequestLogging: (request) => config.logFormat === 'pretty' || /^\/(healthz|readyz)\b/.test(request.url),
    }),
    bodyLimit: HTTP_BODY_MAX_BYTES,
    trustProxy: config.trustProxy,
    // On close, drop idle keep-alive connections too, so that close() does not wait on them.
    forceCloseConnections: true,
    // Errors met before routing (a malformed percent-encoded path) skip the error handler and all
    // hooks: answer them in our shape, with the headers the onSend hook would have added.
    frameworkErrors: (error, request, reply) => {
      sendError(error, request, reply.headers(responseSecurityHeaders(config)));
    },
  });
  useZodSchemas(app);
  const clock = overrides.clock ?? systemClock;
  const redisUrl = overrides.store === undefined ? config.redisUrl : undefined;
  const store = overrides.store ?? (redisUrl !== undefined ? await connectRedisStore(config, redisUrl, app) : createMemoryStore());
  const passwords = new PasswordHasher(overrides.passwordHashing ?? PRODUCTION_HASHING);
  const mailer = config.smtp === undefined ? null : createSmtpMailer(config.smtp);
  const services = createServices(config, store, clock, passwords, app.log, mailer);
  const lifecycle = { draining: false };

  registerErrorHandling(app);
  registerSecurityHeaders(app, config);
  // Before every route: its hook refuses requests (503, Retry-After) while the node is under pressure.
  const pressure = await registerPressure(app, config.pressure);
  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(healthRoutes, { services, lifecycle, pressure });
  await app.register(authRoutes, { services, config });
  if (services.sso !== null) await app.register(ssoRoutes, { services, sso: services.sso, config });
  await app.register(setPasswordRoutes, { services });
  await app.register(auditRoutes, { services });
  await app.register(historyRoutes, { services });
  await app.register(reportRoutes, { services });
  await app.register(widgetRoutes, { services });
  await app.register(widgetTranscriptRoutes, { services });
  await app.register(personaRoutes, { services });
  // OFREP only when a key is set: otherwise its addresses are unknown (404).
  if (config.ofrepApiKey !== undefined) await app.register(ofrepRoutes, { services, apiKey: config.ofrepApiKey });
  await app.register(pageRoutes, { config });
  // /metrics on the main port only behind a token; on a listener of its own when METRICS_PORT is set.
  const metrics = services.metrics;
  if (metrics !== null && config.metrics.token !== undefined) await app.register(metricsRoutes, { services, metrics, token: config.metrics.token });
  const metricsListener = metrics !== null && config.metrics.listener !== undefined ? Fastify({ logger: false, trustProxy: config.trustProxy }) : null;
  if (metricsListener !== null && metrics !== null) {
    registerErrorHandling(metricsListener);
    registerSecurityHeaders(metricsListener, config);
    await metricsListener.register(metricsRoutes, { services, metrics, token: config.metrics.token });
  }

  const connectionGuard = new ConnectionGuard(
    { maxConnectionsPerAddress: config.maxConnectionsPerAddress, maxUnsentBytes: SOCKET_UNSENT_MAX_BYTES, trustProxy: config.trustProxy },
    app.log,
  );
  // fastify-socket.io does not support Fastify 5: attach Socket.IO to Fastify's server directly.
  const io = new Server(app.server, {
    maxHttpBufferSize: SOCKET_FRAME_MAX_BYTES,
    serveClient: false,
    // Origins are checked per namespace against each site's list; see visitor-namespace.ts.
    cors: { origin: false },
    // Refuses JSON-P and counts connections per address: see connection-guard.ts.
    allowRequest: connectionGuard.allowRequest,
    // A connection that joins no namespace (the default one is refused) is closed soon.
    connectTimeout: 10_000,
  });
  connectionGuard.watch(io.engine);
  // Socket.IO's own HTTP answers (long-polling, handshake errors) bypass Fastify's hooks.
  const engineHeaders = responseSecurityHeaders(config);
  io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, engineHeaders));
  // Clients speak to /visitor or /agent only; the default namespace has no checks of its own.
  io.of('/').use((_socket, next) => next(handshakeError('not_found', 'Connect to /visitor or /agent.')));
  let adapterClient: Redis | undefined;
  if (redisUrl !== undefined) {
    adapterClient = createAdapterClient(redisUrl, app.log);
    io.adapter(
      createAdapter(adapterClient, {
        streamName: redisKeys(config.redisKeyPrefix).adapterStream(),
        channelPrefix: `${config.redisKeyPrefix}socket.io`,
        // Short blocking reads, so that a stopping node lets go of Redis quickly.
        blockTimeInMs: 1000,
        onlyPlaintext: true,
      }),
    );
  }

  // First among the /visitor middlewares: a node under pressure takes no new citizens (chats under way resume).
  io.of(VISITOR_NAMESPACE).use(refuseNewVisitorsUnderPressure(pressure));
  const inFlight = new InFlight();
  const commandContext = { logger: app.log, clock, inFlight, lifecycle };
  const visitors = registerVisitorNamespace(io, services, commandContext, { trustProxy: config.trustProxy });
  const agents = registerAgentNamespace(io, app, services, commandContext, {
    consoleOrigins: config.publicUrl === undefined ? [] : [config.publicUrl],
    ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
  });
  const broadcaster = new Broadcaster(services, visitors, agents, new MessageFanout(visitors, agents, redisUrl !== undefined), app.log);
  // This node's own connections (io.of(…).sockets holds only the local ones).
  metrics?.countConnections(() => ({ visitor: io.of(VISITOR_NAMESPACE).sockets.size, agent: io.of(AGENT_NAMESPACE).sockets.size }));

  app.addHook('preClose', async () => {
    services.presence.stop();
    services.visitorPresence.stop();
    services.retention.stop();
    services.load.stop();
    services.assignment.stop();
    services.waits.stop();
    services.supervision.stop();
    services.wrapUps.stop();
    services.capacityGuards.stop();
    await services.offers.stop();
    await services.reports.stop();
    services.governance.stop();
    broadcaster.stop();
    metrics?.stop();
    await metricsListener?.close();
    // Socket.IO's own close() would also close the HTTP server, which Fastify closes itself; so
    // only this node's sockets and adapters are closed here (io.local: not the other nodes').
    io.local.disconnectSockets(true);
    io.engine.close();
    for (const name of ['/', VISITOR_NAMESPACE, AGENT_NAMESPACE]) await io.of(name).adapter.close();
  });
  app.addHook('onClose', async () => {
    mailer?.close();
    await store.close();
    if (adapterClient !== undefined) await adapterClient.quit().catch(() => adapterClient?.disconnect());
  });

  const seeded = await seed(config, store, services.auth);

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    lifecycle.draining = true;
    // Commands first, then what they published: both before the broadcaster and sockets stop.
    await Promise.race([
      (async () => {
        await inFlight.idle();
        await broadcaster.drain();
      })(),
      new Promise((resolve) => setTimeout(resolve, config.shutdownGraceMs).unref()),
    ]);
    await app.close();
  };

  return {
    app,
    io,
    services,
    seeded,
    listen: async () => {
      const address = await app.listen({ host: config.host, port: config.port });
      if (metricsListener !== null && config.metrics.listener !== undefined) {
        await metricsListener.listen({ host: config.metrics.listener.host, port: config.metrics.listener.port });
      }
      services.presence.start(agentDirectory(agents));
      services.visitorPresence.start(visitorDirectory(visitors));
      services.retention.start();
      services.load.start();
      services.assignment.start();
      services.waits.start();
      void services.supervision.start();
      services.wrapUps.start();
      services.capacityGuards.start();
      services.offers.start();
      services.reports.start();
      services.governance.start();
      return address;
    },
    close: () => (closing ??= close()),
  };
}

async function connectRedisStore(config: Config, url: string, app: FastifyInstance): Promise<Store> {
  const client = createStoreClient(url, app.log);
  await connectWithin(client, url, config.redisConnectTimeoutMs, app.log);
  await upgradeRedisLayout(client, { keyPrefix: config.redisKeyPrefix });
  return createRedisStore(client, { keyPrefix: config.redisKeyPrefix });
}
