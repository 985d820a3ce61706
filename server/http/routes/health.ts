/** `/healthz`: the process is alive. `/readyz`: it can serve, i.e. its store answers. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.js';
import { errorBody } from '../errors.js';

export async function healthRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    try {
      await services.store.ping();
      return { status: 'ready', store: services.store.kind };
    } catch (error) {
      request.log.warn({ err: error }, 'not ready: the store does not answer');
      return reply.status(503).send(errorBody('unavailable', 'The store does not answer.'));
    }
  });
}
