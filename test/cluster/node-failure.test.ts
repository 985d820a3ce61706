/**
 * A node dies (SIGKILL) or is stopped (SIGTERM) while a citizen and an agent are typing. The
 * citizen's chat app (the widget's real ChatClient, run in Node) reconnects through the load
 * balancer to another node; afterwards both transcripts are identical, complete, in order, and
 * without duplicates.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../protocol/models.js';
import { ChatClient } from '../../widget/app/chat-client.js';
import { ask, closeAllSockets, connectAgent, outsideBrowser, signIn, type AgentSocket } from '../support/clients.js';
import { startFailoverProxy, type FailoverProxy } from '../support/failover-proxy.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { MANAGER } from '../support/test-server.js';

const MESSAGES_EACH = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends an agent message, trying again (same client id) until the server has it. */
async function agentSend(agent: AgentSocket, conversationId: string, clientId: string, text: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await ask(agent, 'message:send', { conversationId, clientId, text }).catch(() => null);
    if (response?.ok) return;
    await sleep(100);
  }
  throw new Error(`agent message "${text}" was never accepted`);
}

async function agentTranscript(agent: AgentSocket, conversationId: string): Promise<Message[]> {
  const response = await ask(agent, 'messages:since', { conversationId, afterSeq: 0 });
  if (!response.ok) throw new Error(response.error.code);
  return response.messages;
}

describe('a node failing mid-chat', () => {
  let redis: TestRedis;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let proxy: FailoverProxy;
  let citizen: ChatClient | undefined;

  beforeEach(async () => {
    redis = await startRedis({ durable: true });
    // A short grace period would hand the chat back while its agent is away; keep the default.
    [nodeA, nodeB] = await Promise.all([startServerProcess(redis.url), startServerProcess(redis.url)]);
    proxy = await startFailoverProxy([nodeA.port, nodeB.port]);
  }, 60_000);
  afterEach(async () => {
    citizen?.close();
    closeAllSockets();
    await proxy?.close();
    await killAllServerProcesses();
    await redis?.destroy();
  });

  for (const failure of ['SIGKILL', 'SIGTERM'] as const) {
    it(`loses and duplicates nothing when the citizen's node gets ${failure}`, async () => {
      const agent = await connectAgent(nodeB.url, await signIn(nodeB.url, MANAGER.email, MANAGER.password));
      await ask(agent, 'agent:set-status', { status: 'available' });

      citizen = new ChatClient('demo', proxy.url, outsideBrowser({ origin: proxy.url }));
      await vi.waitFor(() => expect(citizen!.getState().connection).toBe('online'), { timeout: 10_000 });
      await citizen.start({ visitorName: 'Ines', topicId: 'permits', language: 'fr', pageUrl: 'http://127.0.0.1/', pageTitle: '' });
      const conversationId = citizen.getState().conversation!.id;
      expect(await ask(agent, 'conversation:accept', { conversationId })).toMatchObject({ ok: true });

      const connectionStates: string[] = [];
      citizen.subscribe((state) => {
        if (connectionStates.at(-1) !== state.connection) connectionStates.push(state.connection);
      });
      const agentLive: Message[] = [];
      agent.on('message:created', (message) => agentLive.push(message));

      // Both type at once; halfway through, the citizen's node fails.
      const agentTyping = (async () => {
        for (let i = 0; i < MESSAGES_EACH; i++) {
          await agentSend(agent, conversationId, `agent-message-${i}`, `agent ${i}`);
          await sleep(25);
        }
      })();
      let exitCode: number | null = null;
      for (let i = 0; i < MESSAGES_EACH; i++) {
        citizen.send(`citizen ${i}`);
        if (i === MESSAGES_EACH / 2) {
          if (failure === 'SIGKILL') await nodeA.kill();
          else exitCode = await nodeA.stop();
        }
        await sleep(25);
      }
      await agentTyping;

      const total = MESSAGES_EACH * 2;
      await vi.waitFor(
        () => {
          const state = citizen!.getState();
          expect(state.pending).toEqual([]);
          expect(state.messages).toHaveLength(total);
        },
        { timeout: 30_000, interval: 100 },
      );

      // The citizen really lost node A and came back through node B.
      expect(connectionStates).toEqual(expect.arrayContaining(['reconnecting', 'online']));
      expect(connectionStates.indexOf('online', connectionStates.indexOf('reconnecting'))).toBeGreaterThan(0);
      const seen = citizen.getState().messages;
      const stored = await agentTranscript(agent, conversationId);
      const view = (messages: Message[]) => messages.map((m) => [m.seq, m.author.kind, m.text]);
      expect(view(seen)).toEqual(view(stored));
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const texts = stored.map((m) => m.text);
      for (let i = 0; i < MESSAGES_EACH; i++) {
        expect(texts.filter((text) => text === `citizen ${i}`)).toHaveLength(1);
        expect(texts.filter((text) => text === `agent ${i}`)).toHaveLength(1);
      }
      // The agent's live feed, kept once per id as the console keeps it, missed nothing: even a
      // message the dead node stored but never announced was announced on the citizen's retry.
      await vi.waitFor(() => {
        const liveOnce = [...new Map(agentLive.map((m) => [m.id, m])).values()].sort((a, b) => a.seq - b.seq);
        expect(view(liveOnce)).toEqual(view(stored));
      });
      for (const message of agentLive) expect(stored.find((m) => m.id === message.id)?.seq).toBe(message.seq);
      // A stopped node finishes what it was doing and exits cleanly.
      if (failure === 'SIGTERM') expect(exitCode).toBe(0);
    });
  }
});
