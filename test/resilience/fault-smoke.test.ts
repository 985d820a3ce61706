/**
 * The fault benchmark in small (test/bench/fault-run.ts): five chats between the widget's
 * ChatClient and the console's ConsoleClient, through a proxy that cuts every connection three
 * times for half a second, numbered messages both ways. Every message arrives, once, in order.
 */
import { describe, expect, it } from 'vitest';
import { runFaultBench } from '../bench/fault-run.js';

describe('chats through connections that keep dropping', () => {
  it('delivers every message both ways, none twice, none out of order', { timeout: 180_000 }, async () => {
    const result = await runFaultBench({ chats: 5, seconds: 8, rate: 2, everyMs: 2500, downMs: 500, settleMs: 60_000 });
    expect(result.startedChats).toBe(5);
    expect(result.cuts).toBeGreaterThanOrEqual(3);
    // Six connections (five citizens, one agent), most of them back between two cuts.
    expect(result.connectionsCut).toBeGreaterThanOrEqual(12);
    for (const direction of [result.citizenToAgent, result.agentToCitizen]) {
      expect(direction.sent).toBeGreaterThanOrEqual(15);
      expect(direction).toMatchObject({ delivered: direction.sent, lost: 0, duplicated: 0, outOfOrder: 0 });
    }
    expect(result.stillPending).toBe(0);
  });
});
