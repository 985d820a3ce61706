/**
 * Issue #6, item 1: one anonymous visitor could crash the server. Each `conversation:sync` (~50
 * bytes) was answered with every message of the chat; a client that stopped reading while sending
 * thousands of them grew the server by gigabytes (measured before the fix, with this very flood:
 * +1,433 MB of RSS for 20,000 syncs). Here a real server process (in-memory store) takes the same
 * flood from a hand-made client that never reads, and its resident memory must stay within a
 * ceiling while it goes on serving.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_TEXT_MAX } from '../../protocol/limits.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { MESSAGE_RATE_PER_CONVERSATION } from '../../server/domain/rate-policies.js';
import { ask, closeAllSockets, startChat } from '../support/clients.js';
import { connectRaw } from '../support/raw-socket-io.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** Growth of the server's resident memory the flood may cause. */
const RSS_CEILING_MB = 64;
const SYNCS = 20_000;

async function residentMegabytes(pid: number): Promise<number> {
  const match = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

describe.skipIf(process.platform !== 'linux')('memory under a sync flood', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(null);
  });
  afterAll(async () => {
    closeAllSockets();
    await killAllServerProcesses();
  });

  it(`stays within +${RSS_CEILING_MB} MB of resident memory while a client that never reads sends ${SYNCS} syncs`, async () => {
    // A chat full of the longest messages, so every answer is as large as it can be.
    const visitor = await startChat(server.url);
    for (let i = 0; i < MESSAGE_RATE_PER_CONVERSATION.visitor.capacity; i++) {
      const text = `${'é'.repeat(MESSAGE_TEXT_MAX / 2)}${'x'.repeat(MESSAGE_TEXT_MAX / 2)}`;
      expect((await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text })).ok).toBe(true);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = await residentMegabytes(server.pid);

    const attacker = await connectRaw({
      url: server.url,
      namespace: '/visitor',
      auth: { protocolVersion: PROTOCOL_VERSION, siteId: 'demo', token: visitor.token },
    });
    attacker.stopReading();
    let peak = baseline;
    const sampler = setInterval(() => {
      residentMegabytes(server.pid).then((rss) => (peak = Math.max(peak, rss)), () => {});
    }, 50);
    try {
      await attacker.flood(SYNCS, 'conversation:sync', { afterSeq: 0 });
      await attacker.untilClosedByServer(10_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      clearInterval(sampler);
      attacker.destroy();
    }
    peak = Math.max(peak, await residentMegabytes(server.pid));

    expect(peak - baseline, `baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`).toBeLessThan(RSS_CEILING_MB);
    // And the chat itself is still served.
    const sync = await ask(visitor.socket, 'conversation:sync', { afterSeq: 0 });
    expect(sync.ok).toBe(true);
  });
});
