/** Where a socket connection comes from: its address (for per-address limits) and its origin headers. */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { RequestSource } from '../domain/origin-policy.js';

/** The client's address: the first X-Forwarded-For hop when a trusted proxy sets it. */
export function clientAddress(request: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim() !== '') return forwarded.split(',')[0]!.trim();
  return request.socket.remoteAddress ?? 'unknown';
}

/** The origin headers of a socket's handshake. */
export function requestSource(socket: Socket): RequestSource {
  const { origin, host } = socket.handshake.headers;
  const secFetchSite = socket.handshake.headers['sec-fetch-site'];
  return { origin, host, secFetchSite: typeof secFetchSite === 'string' ? secFetchSite : undefined };
}
