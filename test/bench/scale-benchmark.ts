/**
 * `npm run bench:scale`: what a chat and a connection cost as their number grows, this server (one
 * node, in-memory store) beside the bare Socket.IO relay (one node), each in a process of its own.
 * For each number of concurrent chats (100, 1,000, 10,000 by default), on a fresh server:
 *
 *   - memory per chat: what the node's resident memory grows by from the first tenth of the chats
 *     open to all of them (each citizen connected, its chat held by an agent, 50 an agent), over
 *     the chats opened in between (the first tenth takes what a process allocates on first use);
 *   - live memory per chat: the same, with what the node holds after a full collection (JavaScript
 *     heap in use and buffers; bench-support.ts `liveBytes`), which garbage and V8's heap sizing
 *     do not move;
 *   - idle CPU: the node's CPU over a few seconds with the chats open and nothing sent (timers,
 *     heartbeats), in cores;
 *   - CPU per message: the node's CPU while relaying `--rate` messages a second for `--seconds`
 *     (round-robin over the chats, after a warm-up at half the rate), over the messages delivered;
 *     the same rate at every size, so that the figures compare (it must fit our server's message
 *     limits at the smallest size); and of it, the main thread's alone (the JavaScript, and the
 *     collection work done there), apart from the collector's helper threads, whose work grows
 *     with the heap;
 *
 * Then, on a fresh server, memory per idle visitor connection: `--idle` citizens connected with no
 * chat (the widget's state before a chat), resident memory gained from the first tenth connected
 * to all, over the connections in between, resident and live.
 * Options: --sizes 100,1000,10000 --idle 10000 --rate 200 --seconds 10.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { cpuMilliseconds, liveBytes, residentBytes, sleep } from './bench-support.js';
import { runStep, type StepResult } from './ramp.js';
import { fitsMessageLimits } from './relay-report.js';
import { connectIdleVisitors, startRelayTarget, type RelayKind } from './relay-targets.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    idle: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const IDLE = Number(values.idle);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = { rate: RATE / 2, seconds: 2 };
const IDLE_CPU_SECONDS = 3;
const KINDS: RelayKind[] = ['bare', 'ours'];

if (!fitsMessageLimits(Math.min(...SIZES), [WARMUP, { rate: RATE, seconds: SECONDS }])) {
  throw new Error(`${RATE} msg/s for ${SECONDS} s is over our server's message limits with ${Math.min(...SIZES)} chats: lower --rate or --seconds`);
}

interface SizeFigures {
  memoryPerChat: number;
  liveMemoryPerChat: number;
  idleCores: number;
  step: StepResult;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const loadBefore = loadavg()[0]!;
say(
  `Scale: ${SIZES.join(', ')} concurrent chats and ${IDLE} idle visitor connections, one node each; ${RATE} msg/s for ${SECONDS} s at each size. ` +
    `Machine: ${cpus().length} cores, load average ${loadBefore.toFixed(2)}; the load generator (this process) shares them.`,
);

const figures = new Map<string, SizeFigures>();
for (const size of SIZES) {
  for (const kind of KINDS) {
    const opening = performance.now();
    const mark = Math.max(25, Math.floor(size / 250) * 25);
    const target = await startRelayTarget({ kind, nodes: 1 }, size, { markAfter: mark });
    try {
      const pid = target.citizenNode.child.pid!;
      await sleep(2000);
      const memoryPerChat = ((await residentBytes(pid)) - (target.residentAtMark ?? target.residentAtStart)[0]!) / (size - mark);
      // After the resident figure: the probe's collection would change it.
      const liveMemoryPerChat = ((await liveBytes(target.citizenNode)) - (target.liveAtMark ?? target.liveAtStart)[0]!) / (size - mark);
      const idleBefore = await cpuMilliseconds(pid);
      await sleep(IDLE_CPU_SECONDS * 1000);
      const idleCores = ((await cpuMilliseconds(pid)) - idleBefore) / (IDLE_CPU_SECONDS * 1000);
      await runStep(target, { ...WARMUP, drainMs: 5000, p99LimitMs: Infinity });
      await sleep(500);
      const step = await runStep(target, { rate: RATE, seconds: SECONDS, drainMs: 5000, p99LimitMs: Infinity });
      figures.set(`${kind} ${size}`, { memoryPerChat, liveMemoryPerChat, idleCores, step });
      say(
        `${kind === 'bare' ? 'bare Socket.IO' : 'this server'}, ${size} chats (open in ${((performance.now() - opening) / 1000).toFixed(1)} s): ` +
          `${(memoryPerChat / 1024).toFixed(1)} KiB a chat (${(liveMemoryPerChat / 1024).toFixed(1)} KiB live), idle ${idleCores.toFixed(3)} cores, ${step.serverCpuMsPerMessage.toFixed(3)} ms CPU a message (${step.serverMainThreadCpuMsPerMessage.toFixed(3)} on the main thread), ` +
          `${step.delivered}/${step.sent} delivered, p99 ${step.p99.toFixed(1)} ms`,
      );
    } finally {
      await target.close();
    }
  }
}

const idleMemory = new Map<RelayKind, number>();
const idleLiveMemory = new Map<RelayKind, number>();
for (const kind of KINDS) {
  const target = await startRelayTarget({ kind, nodes: 1 }, 0);
  try {
    const pid = target.citizenNode.child.pid!;
    // As for chats: from the first tenth connected to all.
    const first = Math.floor(IDLE / 10);
    const sockets = await connectIdleVisitors(kind, target.citizenNode, first);
    await sleep(1000);
    const before = await residentBytes(pid);
    const liveBefore = await liveBytes(target.citizenNode);
    sockets.push(...(await connectIdleVisitors(kind, target.citizenNode, IDLE - first)));
    await sleep(2000);
    idleMemory.set(kind, ((await residentBytes(pid)) - before) / (IDLE - first));
    idleLiveMemory.set(kind, ((await liveBytes(target.citizenNode)) - liveBefore) / (IDLE - first));
    for (const socket of sockets) socket.disconnect();
    say(`${kind === 'bare' ? 'bare Socket.IO' : 'this server'}, ${IDLE} idle visitor connections: ${(idleMemory.get(kind)! / 1024).toFixed(1)} KiB each (${(idleLiveMemory.get(kind)! / 1024).toFixed(1)} KiB live)`);
  } finally {
    await target.close();
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const rows = [
  ['chats', 'memory a chat: this server / bare (ratio)', 'live memory a chat (ratio)', 'CPU a message: this server / bare (ratio)', 'of it on the main thread (ratio)', 'idle CPU, cores: this server / bare'],
  ...SIZES.map((size) => {
    const ours = figures.get(`ours ${size}`)!;
    const bare = figures.get(`bare ${size}`)!;
    return [
      String(size),
      `${kib(ours.memoryPerChat)} / ${kib(bare.memoryPerChat)} (${(ours.memoryPerChat / bare.memoryPerChat).toFixed(2)})`,
      `${kib(ours.liveMemoryPerChat)} / ${kib(bare.liveMemoryPerChat)} (${(ours.liveMemoryPerChat / bare.liveMemoryPerChat).toFixed(2)})`,
      `${ours.step.serverCpuMsPerMessage.toFixed(3)} / ${bare.step.serverCpuMsPerMessage.toFixed(3)} ms (${(ours.step.serverCpuMsPerMessage / bare.step.serverCpuMsPerMessage).toFixed(2)})`,
      `${ours.step.serverMainThreadCpuMsPerMessage.toFixed(3)} / ${bare.step.serverMainThreadCpuMsPerMessage.toFixed(3)} ms (${(ours.step.serverMainThreadCpuMsPerMessage / bare.step.serverMainThreadCpuMsPerMessage).toFixed(2)})`,
      `${ours.idleCores.toFixed(3)} / ${bare.idleCores.toFixed(3)}`,
    ];
  }),
  [
    `${IDLE} idle visitors`,
    `${kib(idleMemory.get('ours')!)} / ${kib(idleMemory.get('bare')!)} (${(idleMemory.get('ours')! / idleMemory.get('bare')!).toFixed(2)}) a connection`,
    `${kib(idleLiveMemory.get('ours')!)} / ${kib(idleLiveMemory.get('bare')!)} (${(idleLiveMemory.get('ours')! / idleLiveMemory.get('bare')!).toFixed(2)})`,
    '',
    '',
    '',
  ],
];
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
say('');
say(`Cost as the work grows (one node each; targets: CPU a message flat as chats grow, memory within 1.3× bare). Load average after: ${loadavg()[0]!.toFixed(2)}.`);
for (const row of rows) say(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
