/**
 * `npm run bench:relay` (the first part of `npm run bench`): the saturation ramp of the relay, in
 * four set-ups, each in its own processes (relay-targets.ts): a bare Socket.IO relay and this
 * server, each on one node and on two nodes sharing a durable Redis (citizens on the first node,
 * agents on the second). For each it ramps the message rate until a step does not hold (ramp.ts)
 * and prints the highest sustained rate with its ratio to the bare relay with as many nodes, and
 * latency and server CPU per message at 1,000 msg/s (the target load in ARCHITECTURE.md).
 *
 * Options: --start 510 --factor 1.4 --step-seconds 5 --steps 9 --drain-seconds 2 --p99 100
 * --reference 1000 --warmup-seconds 3 --chats N (by default the fewest our server's message limits allow for the
 * whole ramp) --nodes 1|2 (only the set-ups with that many nodes, for a quicker before-and-after of a
 * change). 510 × 1.4² ≈ 1,000: the reference rate is a step of the ramp.
 */
import { parseArgs } from 'node:util';
import { benchRelay, formatRelayReport } from './relay-report.js';
import { RELAY_SETUPS } from './relay-targets.js';

const { values } = parseArgs({
  options: {
    start: { type: 'string', default: '510' },
    factor: { type: 'string', default: '1.4' },
    'step-seconds': { type: 'string', default: '5' },
    steps: { type: 'string', default: '9' },
    'drain-seconds': { type: 'string', default: '2' },
    p99: { type: 'string', default: '100' },
    reference: { type: 'string', default: '1000' },
    'warmup-seconds': { type: 'string', default: '3' },
    chats: { type: 'string' },
    nodes: { type: 'string' },
  },
});

const report = await benchRelay({
  startRate: Number(values.start),
  factor: Number(values.factor),
  stepSeconds: Number(values['step-seconds']),
  maxSteps: Number(values.steps),
  drainMs: Number(values['drain-seconds']) * 1000,
  p99LimitMs: Number(values.p99),
  referenceRate: Number(values.reference),
  warmupSeconds: Number(values['warmup-seconds']),
  ...(values.chats !== undefined ? { chats: Number(values.chats) } : {}),
  ...(values.nodes !== undefined ? { setups: RELAY_SETUPS.filter((setup) => setup.nodes === Number(values.nodes)) } : {}),
  progress: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`\n${formatRelayReport(report)}`);
