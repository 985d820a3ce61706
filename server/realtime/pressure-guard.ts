/**
 * New citizens' connections refused while the node is under pressure (server/http/pressure.ts):
 * Socket.IO handshakes do not pass through Fastify's hooks, so the same measure is checked here,
 * first among the `/visitor` namespace's middlewares. The refusal is a handshake error with code
 * `unavailable` and the seconds to wait (`retryAfter`); the chat app says the service is busy and
 * tries again later, waiting longer each time.
 *
 * Never refused: a connection that resumes a chat (it carries the chat's token; a forged token is
 * refused by the next middleware anyway), and agents. Connections already open are never touched.
 */
import type { Socket } from 'socket.io';
import type { Pressure } from '../http/pressure.js';

export type PressureRefusal = Error & { data: { code: 'unavailable'; message: string; retryAfter: number } };

export function refuseNewVisitorsUnderPressure(pressure: Pressure): (socket: Socket, next: (error?: Error) => void) => void {
  return (socket, next) => {
    if (pressure.reason() === null || resumesAChat(socket)) {
      next();
      return;
    }
    const message = `The service is very busy; try again in ${pressure.retryAfterSeconds} s.`;
    const refusal: PressureRefusal = Object.assign(new Error(message), {
      data: { code: 'unavailable' as const, message, retryAfter: pressure.retryAfterSeconds },
    });
    next(refusal);
  };
}

function resumesAChat(socket: Socket): boolean {
  const auth: unknown = socket.handshake.auth;
  return typeof auth === 'object' && auth !== null && typeof (auth as { token?: unknown }).token === 'string' && (auth as { token: string }).token !== '';
}
