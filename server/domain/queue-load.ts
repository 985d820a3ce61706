/**
 * What the capacity guard looks at for one queue (capacity-guard.ts `QueueLoad`), from what the
 * waits are made of: the agents routing would use, the chats waiting and the typical handle time.
 * The wait is the one a chat joining now would have, by the same estimate citizens are shown
 * (protocol/wait-estimate.ts). Pure.
 */
import type { Language } from '../../protocol/languages.js';
import { estimateWait } from '../../protocol/wait-estimate.js';
import type { QueueLoad } from './capacity-guard.js';
import { queueStaffing, servesNow, type RoutingAgent } from './routing.js';

export function queueLoad(queue: { id: string; language: Language }, agents: readonly RoutingAgent[], waiting: number, handleMs: number): QueueLoad {
  const { slots, freeSlots } = queueStaffing(queue, agents);
  const { ms } = estimateWait(waiting + 1, { slots, freeSlots, handleMs });
  return {
    waitMinutes: ms === null ? null : ms / 60_000,
    waiting,
    availableAgents: agents.filter((agent) => servesNow(agent, { queueId: queue.id, language: queue.language })).length,
  };
}
