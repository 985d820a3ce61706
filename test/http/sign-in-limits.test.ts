/**
 * Sign-in under attack (issue #6, items 3 and 5): a flood that tries a new email each time must
 * not stall the server (each attempt costs a password hash on libuv's thread pool), the node must
 * say it is saturated, and no flood of junk may reset an account's counter.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRODUCTION_HASHING } from '../../server/services/password-hasher.js';
import { ManualClock } from '../support/manual-clock.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

/** A GET on a fresh connection: what a load balancer's probe or another visitor's browser sends. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('sign-in limits', () => {
  let test: TestServer | undefined;
  afterEach(async () => {
    await test?.close();
    test = undefined;
  });

  const signIn = (url: string, email: string, password: string, address: string) =>
    fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email, password }),
    });

  it('keeps serving pages and real sign-ins through a flood of sign-ins with new emails, and says it is saturated', async () => {
    // Production's scrypt cost: the stall only shows with real hashing work.
    test = await startTestServer({ TRUST_PROXY: 'true' }, { passwordHashing: PRODUCTION_HASHING });
    const { url } = test;
    let flooding = true;
    const flood = Promise.all(
      Array.from({ length: 400 }, async (_, i) => (await signIn(url, `nobody-${i}@example.test`, 'guess', '203.0.113.9')).status),
    ).finally(() => (flooding = false));

    // Probes on connections of their own, not queued behind the flood's in this process's fetch.
    const pageLatencies: number[] = [];
    const readiness: string[] = [];
    while (flooding) {
      const started = performance.now();
      const page = await get(`${url}/widget.js`);
      pageLatencies.push(performance.now() - started);
      expect(page.status).toBe(200);
      const ready = await get(`${url}/readyz`);
      readiness.push(`${ready.status} ${ready.body}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const statuses = await flood;

    expect(Math.max(...pageLatencies), `loader latencies: ${pageLatencies.map(Math.round).join(', ')} ms`).toBeLessThan(1000);
    expect(readiness.some((line) => line.startsWith('503') && line.includes('Saturated')), readiness.join(' | ')).toBe(true);
    // Per address: at most the address's burst was even looked at; the rest were refused at once.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(60);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(340);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);

    // A colleague from another address signs in at once, and the node is soon ready again.
    const started = performance.now();
    const real = await signIn(url, MANAGER.email, MANAGER.password, '198.51.100.4');
    expect(real.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
    await vi.waitFor(async () => expect((await get(`${url}/readyz`)).status).toBe(200), { timeout: 8000, interval: 250 });
  });

  it("does not let a flood of junk attempts reset an account's counter", async () => {
    // Time stands still, so that no token comes back while the junk is sent.
    test = await startTestServer({ TRUST_PROXY: 'true' }, { clock: new ManualClock() });
    const { url } = test;
    for (let i = 0; i < 10; i++) expect((await signIn(url, MANAGER.email, 'guess', '10.9.9.9')).status).toBe(401);
    expect((await signIn(url, MANAGER.email, 'guess', '10.9.9.9')).status).toBe(429);
    // 5,100 attempts, each from its own address with its own email: more keys than the old
    // 5,000-entry cache held.
    for (let batch = 0; batch < 51; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const n = batch * 100 + i;
          return signIn(url, `junk-${n}@example.test`, 'junk', `10.${(n >> 8) & 255}.${n & 255}.1`).then((r) => r.arrayBuffer());
        }),
      );
    }
    const after = await signIn(url, MANAGER.email, MANAGER.password, '10.9.9.9');
    expect(after.status).toBe(429);
    expect((await after.json()).error.code).toBe('rate_limited');
  });
});
