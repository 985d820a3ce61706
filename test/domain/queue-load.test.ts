/**
 * What the capacity guard looks at (issue #8, point 3): the wait a chat joining now would have, by
 * the estimate citizens see, and waiting chats per agent who serves the queue now.
 */
import { describe, expect, it } from 'vitest';
import { queuePerAgent } from '../../server/domain/capacity-guard.js';
import { queueLoad } from '../../server/domain/queue-load.js';
import type { RoutingAgent } from '../../server/domain/routing.js';

const agent = (id: string, change: Partial<RoutingAgent> = {}): RoutingAgent => ({
  id,
  queueIds: ['general-en'],
  languages: ['en'],
  status: 'available',
  connected: true,
  activeChats: 2,
  maxChats: 2,
  idleSince: 0,
  ...change,
});
const queue = { id: 'general-en', language: 'en' as const };

describe('a queue’s load', () => {
  it('estimates the wait of a chat joining behind those waiting, from busy slots and the handle time', async () => {
    // Two agents of two slots, all busy; 3 waiting: the 4th waits for 4 slots to free, one every 8 min / 4.
    const load = queueLoad(queue, [agent('a'), agent('b')], 3, 8 * 60_000);
    expect(load).toEqual({ waitMinutes: 8, waiting: 3, availableAgents: 2 });
    expect(queuePerAgent(load)).toBe(1.5);
  });

  it('counts only agents who serve the queue now, and says the wait is unknown when nobody can answer', async () => {
    const others = [agent('away', { status: 'away' }), agent('gone', { connected: false }), agent('french', { languages: ['fr'] }), agent('elsewhere', { queueIds: ['permits-en'] })];
    expect(queueLoad(queue, others, 4, 480_000)).toEqual({ waitMinutes: null, waiting: 4, availableAgents: 0 });
    expect(queueLoad(queue, [agent('free', { activeChats: 0 })], 0, 480_000)).toEqual({ waitMinutes: 0, waiting: 0, availableAgents: 1 });
  });
});
