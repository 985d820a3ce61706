/**
 * `/healthz`: the process is alive. `/readyz`: it can serve: its store answers, it is not shutting
 * down, it is not saturated and not shedding load (a load balancer then stops sending it new connections).
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.js';
import { errorBody } from '../errors.js';
import type { Pressure } from '../pressure.js';

export async function healthRoutes(
  app: FastifyInstance,
  { services, lifecycle, pressure }: { services: Services; lifecycle: { draining: boolean }; pressure: Pressure },
): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    if (lifecycle.draining) return reply.status(503).send(errorBody('unavailable', 'Shutting down.'));
    const saturation = services.load.saturation();
    if (saturation !== null) return reply.status(503).send(errorBody('unavailable', `Saturated: ${saturation}`));
    // Shedding load (server/http/pressure.ts): new requests and citizens are being refused.
    const underPressure = pressure.reason();
    if (underPressure !== null) {
      return reply.status(503).header('retry-after', String(pressure.retryAfterSeconds)).send(errorBody('unavailable', `Under pressure: ${underPressure}`));
    }
    try {
      await services.store.ping();
      return { status: 'ready' };
    } catch {
      // Not logged here: the store logs the outage once, and probes would repeat it every second.
      return reply.status(503).send(errorBody('unavailable', 'The store does not answer.'));
    }
  });
}
