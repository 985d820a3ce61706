/**
 * Load shedding: past a threshold (event-loop delay, heap or resident memory; config.pressure),
 * new work is refused cleanly instead of everyone waiting longer and longer until the process
 * runs out of memory. @fastify/under-pressure measures (every second) and answers HTTP requests
 * with 503, `Retry-After` and our error body; the health probes and the built bundles are exempt
 * (a load balancer must still hear the node, and a page with a chat under way must still load its
 * code). Socket.IO connections do not pass through Fastify: `realtime/pressure-guard.ts` refuses
 * new citizens' connections on the same measure, and established chats are never dropped.
 */
import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { getHeapStatistics } from 'node:v8';
import type { Config } from '../config.js';
import { errorBody } from './errors.js';

/** Whether this node is shedding load now, and what it tells those it refuses. */
export interface Pressure {
  /** Why the node is under pressure now, or null when it is not. */
  reason(): string | null;
  /** Seconds a refused client is told to wait (`Retry-After`). */
  readonly retryAfterSeconds: number;
}

/** Paths never refused: health probes, metrics, and the built bundles of the chat app and the console. */
const EXEMPT = /^\/(?:healthz|readyz|metrics)(?:[?/]|$)|^\/(?:chat|console)\/assets\//;

/** The heap in use past which new work is refused when PRESSURE_MAX_HEAP_USED_MB is not set. */
const DEFAULT_HEAP_SHARE = 0.9;

export async function registerPressure(app: FastifyInstance, config: Config['pressure']): Promise<Pressure> {
  const maxHeapUsedBytes = config.maxHeapUsedBytes ?? Math.floor(getHeapStatistics().heap_size_limit * DEFAULT_HEAP_SHARE);
  const retryAfterSeconds = config.retryAfterSeconds;
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxHeapUsedBytes,
    maxRssBytes: config.maxRssBytes,
    retryAfter: retryAfterSeconds,
    sampleInterval: 1000,
    // The plugin sends what this answers (with the status and header set here); undefined lets the request through.
    pressureHandler: ((request, reply) => {
      if (EXEMPT.test(request.url)) return undefined;
      reply.code(503).header('retry-after', String(retryAfterSeconds));
      return errorBody('unavailable', `The service is very busy; try again in ${retryAfterSeconds} s.`);
    }) as (...args: Parameters<NonNullable<FastifyUnderPressureOptions['pressureHandler']>>) => void,
  });
  return {
    retryAfterSeconds,
    reason: () => {
      const usage = app.memoryUsage();
      if (config.maxEventLoopDelayMs > 0 && usage.eventLoopDelay > config.maxEventLoopDelayMs) {
        return `The event loop is ${Math.round(usage.eventLoopDelay)} ms late.`;
      }
      if (maxHeapUsedBytes > 0 && usage.heapUsed > maxHeapUsedBytes) return `The heap holds ${megabytes(usage.heapUsed)} MB.`;
      if (config.maxRssBytes > 0 && usage.rssBytes > config.maxRssBytes) return `The process holds ${megabytes(usage.rssBytes)} MB.`;
      return null;
    },
  };
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
