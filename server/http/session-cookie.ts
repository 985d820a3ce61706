/**
 * The console's session cookie: a signed, httpOnly, SameSite=Lax cookie holding the session id.
 * Read from HTTP requests by @fastify/cookie, and from Socket.IO handshakes (which bypass Fastify)
 * with the same parse-and-unsign functions.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

export const SESSION_COOKIE = 'gc_session';

/**
 * No expiry on the cookie itself: it lasts until the browser closes (shared workstations), and
 * the session's lifetime is enforced by the server, which renews it with every use (socket
 * commands included, which cannot refresh a cookie).
 */
export function setSessionCookie(reply: FastifyReply, config: Config, sessionId: string): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: config.isProduction,
    path: '/',
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.isProduction });
}

/** The session id from a request's cookie, or null when absent or its signature is wrong. */
export function sessionIdFromRequest(app: FastifyInstance, request: FastifyRequest): string | null {
  const raw = request.cookies[SESSION_COOKIE];
  return raw === undefined ? null : unsigned(app, raw);
}

/** The session id from a raw Cookie header (a Socket.IO handshake). */
export function sessionIdFromCookieHeader(app: FastifyInstance, header: string | undefined): string | null {
  if (header === undefined) return null;
  const raw = app.parseCookie(header)[SESSION_COOKIE];
  return raw === undefined ? null : unsigned(app, raw);
}

function unsigned(app: FastifyInstance, raw: string): string | null {
  const result = app.unsignCookie(raw);
  return result.valid ? result.value : null;
}
