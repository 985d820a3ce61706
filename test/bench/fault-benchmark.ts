/**
 * `npm run bench:faults`: chats through a proxy that cuts every connection for 2 s every 10 s,
 * numbered messages both ways, then what each app shows is counted (see fault-run.ts).
 * Options: --chats 1000 --seconds 60 --rate 200 (messages a second each way, over all chats; a fifth of
 * the chats unless given, at most half)
 * --every 10 --down 2 (seconds) --settle 60 (longest wait for stragglers, seconds).
 */
import { parseArgs } from 'node:util';
import { runFaultBench, type DirectionCounts } from './fault-run.js';

const { values: options } = parseArgs({
  options: {
    chats: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string' },
    every: { type: 'string', default: '10' },
    down: { type: 'string', default: '2' },
    settle: { type: 'string', default: '60' },
  },
});

// One message every 5 s per chat each way unless said.
const rate = options.rate === undefined ? Number(options.chats) / 5 : Number(options.rate);
const result = await runFaultBench({
  chats: Number(options.chats),
  seconds: Number(options.seconds),
  rate,
  everyMs: Number(options.every) * 1000,
  downMs: Number(options.down) * 1000,
  settleMs: Number(options.settle) * 1000,
  log: (line) => process.stdout.write(`${line}\n`),
});

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(2)} %`);
const row = (label: string, counts: DirectionCounts) =>
  [
    label.padEnd(18),
    String(counts.sent).padStart(8),
    `${counts.delivered} (${percent(counts.delivered, counts.sent)})`.padStart(20),
    String(counts.lost).padStart(6),
    String(counts.duplicated).padStart(12),
    String(counts.outOfOrder).padStart(14),
    String(counts.chatsAffected).padStart(16),
  ].join('');
process.stdout.write(
  `\nFault benchmark: ${result.startedChats}/${result.chats} chats, ${result.agents} agents, ${options.seconds} s at ${rate} msg/s each way; ` +
    `${result.cuts} cuts of ${options.down} s every ${options.every} s (${result.connectionsCut} connections cut, ${result.connectionsRefused} refused while down)\n\n`,
);
process.stdout.write(`${'direction'.padEnd(18)}${'sent'.padStart(8)}${'delivered'.padStart(20)}${'lost'.padStart(6)}${'duplicated'.padStart(12)}${'out of order'.padStart(14)}${'chats affected'.padStart(16)}\n`);
process.stdout.write(`${row('citizen → agent', result.citizenToAgent)}\n${row('agent → citizen', result.agentToCitizen)}\n`);
process.stdout.write(
  `\nEverything settled ${result.settleSeconds.toFixed(1)} s after the last cut ended sending; ` +
    `${result.stillPending} messages still in an outbox, ${result.refused} refused by the server.\n`,
);
if (result.stillPending > 0 || result.citizenToAgent.lost + result.agentToCitizen.lost > 0) {
  process.stdout.write(`\nAt the end: ${Object.entries(result.diagnosis).map(([what, n]) => `${what}: ${n}`).join('; ')}\n`);
}
// A forced exit: socket.io-client's reconnection timers of closed clients can hold the loop a moment.
process.exit(0);
