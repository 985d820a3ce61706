/**
 * The relay benchmark's machinery, run small (npm run bench:relay runs it at full size): two ramp
 * steps against the bare one-node relay and this server on one node, each in its own process.
 */
import { describe, expect, it } from 'vitest';
import { rampRates } from './ramp.js';
import { benchRelay, chatsForRamp, fitsMessageLimits, formatRelayReport } from './relay-report.js';

describe('relay benchmark machinery', () => {
  it('ramps two steps on the bare relay and this server, losing nothing, and prints both tables', async () => {
    const report = await benchRelay({
      setups: [
        { kind: 'bare', nodes: 1 },
        { kind: 'ours', nodes: 1 },
      ],
      chats: 10,
      startRate: 20,
      factor: 1.5,
      stepSeconds: 1,
      maxSteps: 2,
      warmupSeconds: 0,
      drainMs: 10_000,
      // The machine is shared: the smoke test checks the machinery and delivery, not latency.
      p99LimitMs: 10_000,
      referenceRate: 30,
    });
    expect(report.setups.map((entry) => entry.setup.kind)).toEqual(['bare', 'ours']);
    for (const entry of report.setups) {
      expect(entry.ramp.steps.map((step) => step.rate)).toEqual([20, 30]);
      for (const step of entry.ramp.steps) {
        expect({ sent: step.sent, delivered: step.delivered, lost: step.lost, refused: step.refused }).toEqual({
          sent: step.rate,
          delivered: step.rate,
          lost: 0,
          refused: 0,
        });
        expect(step.p99).toBeGreaterThan(0);
        expect(step.serverCpuMsPerMessage).toBeGreaterThanOrEqual(0);
        expect(step.serverMainThreadCpuMsPerMessage).toBeGreaterThanOrEqual(0);
      }
      expect(entry.ramp.sustainedRate).toBe(30);
      expect(entry.reference?.rate).toBe(30);
    }
    const printed = formatRelayReport(report);
    expect(printed).toMatch(/^Relay saturation: 10 chats;/);
    expect(printed).toContain('The load generator (this process, all citizens and agents) shares these cores');
    expect(printed).toMatch(/\nbare Socket.IO, one node +≥ 30 msg\/s +held every step/);
    expect(printed).toMatch(/\nthis server, one node +≥ 30 msg\/s +unknown \(both held to the end\) +held every step/);
    expect(printed).toMatch(/\nthis server, one node +30 \/ 30 +\d+\.\d\d ms +\d+\.\d\d ms +\d+\.\d{3} ms +\d+\.\d\d\n/);
  }, 180_000);

  it('sizes the chats so that a ramp fits the server’s message limits for a citizen', () => {
    const options = { startRate: 510, factor: 1.4, maxSteps: 9, stepSeconds: 5, warmupSeconds: 3 };
    const chats = chatsForRamp(options);
    const stretches = [{ rate: 255, seconds: 3 }, ...rampRates(options).map((rate) => ({ rate, seconds: 5 }))];
    expect(fitsMessageLimits(chats, stretches)).toBe(true);
    expect(fitsMessageLimits(Math.floor(chats / 1.1) - 50, stretches)).toBe(false);
  });
});
