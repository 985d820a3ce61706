/**
 * Load shedding (server/http/pressure.ts, server/realtime/pressure-guard.ts), forced with a heap
 * threshold of 1 MB: HTTP requests get 503 with Retry-After and our error body, the probes still
 * answer (/readyz says why it is not ready), a new citizen's connection is refused with
 * `unavailable` and the seconds to wait, one resuming a chat is let through, the widget's client
 * shows "busy" rather than giving up, and the server keeps serving.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VISITOR_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { ChatClient } from '../../widget/app/chat-client.js';
import { outsideBrowser } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let test: TestServer;
const page = encodeURIComponent('http://127.0.0.1/contact');
const offerUrl = () => `${test.url}/api/widget/offer?site=demo&page=${page}&lang=en&visitor=visitor-0123456789abcdef`;

beforeAll(async () => {
  test = await startTestServer({ PRESSURE_MAX_HEAP_USED_MB: '1', PRESSURE_RETRY_AFTER_SECONDS: '7' });
  // The plugin samples once a second: wait for the first sample.
  const deadline = Date.now() + 10_000;
  while ((await fetch(`${test.url}/readyz`)).status !== 503) {
    if (Date.now() > deadline) throw new Error('the server never came under pressure');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});
afterAll(() => test.close());

/** Connects to /visitor once (no reconnection) and answers the refusal's data, or null if it connected. */
function handshake(auth: object): Promise<{ code?: string; retryAfter?: number } | null> {
  return new Promise((resolve) => {
    const socket: Socket = io(test.url + VISITOR_NAMESPACE, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { protocolVersion: PROTOCOL_VERSION, siteId: 'demo', ...auth },
      extraHeaders: { origin: test.url },
    });
    socket.once('connect', () => {
      socket.disconnect();
      resolve(null);
    });
    socket.once('connect_error', (error: Error & { data?: { code?: string; retryAfter?: number } }) => {
      socket.disconnect();
      resolve(error.data ?? {});
    });
  });
}

describe('under pressure', () => {
  it('refuses HTTP requests with 503, Retry-After and a clear error; the probes still answer', async () => {
    const offer = await fetch(offerUrl(), { headers: { origin: test.url } });
    expect(offer.status).toBe(503);
    expect(offer.headers.get('retry-after')).toBe('7');
    expect(await offer.json()).toEqual({ error: { code: 'unavailable', message: 'The service is very busy; try again in 7 s.' } });
    // Our security headers still go with the refusal.
    expect(offer.headers.get('x-content-type-options')).toBe('nosniff');

    expect((await fetch(`${test.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${test.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('7');
    expect(((await ready.json()) as { error: { message: string } }).error.message).toMatch(/^Under pressure: The heap holds \d+ MB\.$/);
  });

  it('refuses a new citizen connection with `unavailable` and the wait, and lets one resuming a chat through', async () => {
    expect(await handshake({})).toEqual({ code: 'unavailable', message: 'The service is very busy; try again in 7 s.', retryAfter: 7 });
    // A token is checked by the next middleware: this one is not a real chat's, so it is refused
    // as unauthenticated, not as busy.
    expect((await handshake({ token: 'not-a-real-token-but-shaped-like-one-0123456789' }))?.code).toBe('unauthenticated');
  });

  it("shows the widget's client as busy, not as failed for good", async () => {
    const client = new ChatClient('demo', test.url, outsideBrowser({ origin: test.url }));
    try {
      const deadline = Date.now() + 10_000;
      while (client.getState().connection !== 'busy') {
        if (Date.now() > deadline) throw new Error(`the client never said busy (${client.getState().connection})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(client.getState().fatalError).toBeNull();
    } finally {
      client.close();
    }
  });

  it('keeps serving: the process is alive after the refusals', async () => {
    expect((await fetch(`${test.url}/healthz`)).status).toBe(200);
    expect(test.server.io.of(VISITOR_NAMESPACE).sockets.size).toBe(0);
  });
});
