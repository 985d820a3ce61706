/**
 * A busy hour for routing tests, on one node or several: agents of mixed languages and limits who
 * answer each chat they are given briefly, end it and record its wrap-up, and citizens (each from an address of their
 * own) who start chats in English and French. Records what the agents were given, and checks what
 * the issue asks: every chat answered, in order within each queue, never over a limit, never in a
 * language the agent does not speak.
 */
import { expect, vi } from 'vitest';
import type { Language } from '../../protocol/languages.js';
import type { AgentConversation } from '../../protocol/models.js';
import type { Conversation } from '../../server/domain/entities.js';
import { compareQueueOrder } from '../../server/domain/queue-order.js';
import { ask, startChat, type AgentSocket } from './clients.js';

/** The team: three English-only, two French-only and three bilingual agents, limits 1 to 4. */
export const MIXED_TEAM: ReadonlyArray<{ languages: Language[]; max: number }> = [
  { languages: ['en'], max: 2 },
  { languages: ['en'], max: 3 },
  { languages: ['en'], max: 1 },
  { languages: ['fr'], max: 2 },
  { languages: ['fr'], max: 3 },
  { languages: ['en', 'fr'], max: 2 },
  { languages: ['en', 'fr'], max: 4 },
  { languages: ['en', 'fr'], max: 1 },
];

export interface ScenarioAgent {
  socket: AgentSocket;
  name: string;
  languages: readonly Language[];
  max: number;
}

export interface ScenarioOptions {
  agents: readonly ScenarioAgent[];
  /** Citizens start their chats on these servers in turn. */
  citizenUrls: readonly string[];
  citizens: number;
  read(conversationId: string): Promise<Conversation>;
}

/** Plays the scenario and checks it; resolves with the distribution, one line per agent. */
export async function playBusyHour(options: ScenarioOptions): Promise<string> {
  const served = new Map<string, number>();
  const wrongLanguage: string[] = [];
  /** Which agent each chat went to, as their console was told. */
  const givenTo = new Map<string, ScenarioAgent>();
  for (const agent of options.agents) {
    agent.socket.on('conversation:updated', (conversation: AgentConversation) => {
      if (conversation.status !== 'active' || givenTo.has(conversation.id)) return;
      givenTo.set(conversation.id, agent);
      served.set(agent.name, (served.get(agent.name) ?? 0) + 1);
      if (!agent.languages.includes(conversation.language)) wrongLanguage.push(`${agent.name} got a chat in ${conversation.language}`);
      // A short answer, then the chat ends; once its wrap-up is recorded the agent has room again.
      setTimeout(() => {
        void ask(agent.socket, 'conversation:end', { conversationId: conversation.id, reason: 'resolved' }).then(() =>
          ask(agent.socket, 'conversation:wrap-up', { conversationId: conversation.id, outcome: 'resolved' }),
        );
      }, 20);
    });
  }

  const chats: Array<Awaited<ReturnType<typeof startChat>>> = [];
  for (let i = 0; i < options.citizens; i++) {
    const url = options.citizenUrls[i % options.citizenUrls.length]!;
    const language: Language = i % 3 === 0 ? 'fr' : 'en';
    chats.push(await startChat(url, { topicId: 'benefits', language }, { address: `10.1.${i >> 8}.${i & 255}` }));
  }
  await vi.waitFor(
    async () => {
      const statuses = await Promise.all(chats.map(async (chat) => (await options.read(chat.conversationId)).status));
      expect(statuses.filter((status) => status !== 'closed')).toEqual([]);
    },
    { timeout: 30_000, interval: 200 },
  );

  expect(wrongLanguage).toEqual([]);
  const records = await Promise.all(chats.map((chat) => options.read(chat.conversationId)));
  expect(records.every((record) => record.agentId !== null && record.assignedAt !== null)).toBe(true);
  expect(overLimit(records, givenTo)).toEqual([]);
  // Within each queue, a chat that queued earlier was never answered after one that queued later.
  for (const queueId of ['general-en', 'general-fr']) {
    const answeredAt = records
      .filter((record) => record.queueId === queueId)
      .sort(compareQueueOrder)
      .map((record) => record.assignedAt!);
    expect(answeredAt).toEqual([...answeredAt].sort((a, b) => a - b));
  }
  expect([...served.values()].reduce((a, b) => a + b, 0)).toBe(options.citizens);
  const french = records.filter((record) => record.language === 'fr').length;
  const lines = [...served].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, count]) => `${name}: ${count}`);
  return `${options.citizens} chats (${french} in French) over ${options.agents.length} agents:\n  ${lines.join('\n  ')}`;
}

/**
 * The agents who held more chats at once than their limit, from the stored records: a chat takes
 * a slot from its assignment until its wrap-up is recorded. The server's own times, not the order
 * in which a console heard of things: the next chat's news may reach a console before the answer
 * to the wrap-up that made room for it.
 */
function overLimit(records: readonly Conversation[], givenTo: ReadonlyMap<string, ScenarioAgent>): string[] {
  const found: string[] = [];
  const byAgent = new Map<ScenarioAgent, Array<{ at: number; change: 1 | -1 }>>();
  for (const record of records) {
    const agent = givenTo.get(record.id);
    if (agent === undefined) continue;
    const changes = byAgent.get(agent) ?? [];
    changes.push({ at: record.assignedAt!, change: 1 }, { at: record.wrapUp?.recordedAt ?? record.closedAt!, change: -1 });
    byAgent.set(agent, changes);
  }
  for (const [agent, changes] of byAgent) {
    // At the same millisecond a slot freed before it was taken again.
    changes.sort((a, b) => a.at - b.at || a.change - b.change);
    let held = 0;
    for (const { change } of changes) {
      held += change;
      if (held > agent.max) found.push(`${agent.name} held ${held} > ${agent.max}`);
    }
  }
  return found;
}
