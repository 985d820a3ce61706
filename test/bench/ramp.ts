/**
 * The load generator and the saturation ramp the relay benchmarks share.
 *
 * A step sends `rate` messages a second for `seconds`, round-robin over the target's citizens,
 * from one timer (every TICK_MS it sends what is due by then) and payloads built before the step
 * starts; it times each message from its send to its arrival at the agent's socket (found by its
 * clientId), then waits up to `drainMs` for late ones. A message not at its agent by then is
 * **lost**; a message the server refused (an ack without `ok`) is **refused**.
 *
 * A step **holds** when nothing was lost or refused, its p99 is within `p99LimitMs`, and the
 * generator managed to send at least 95% of its rate on time (on a shared machine it may not: the
 * step then fails as "generator behind", since the rate was not offered). The ramp starts at
 * `startRate`, multiplies it by `factor` after each step that held and stops at the first that did
 * not (or after `maxSteps`); the highest rate that held is the sustained rate.
 */
import type { Socket } from 'socket.io-client';
import { cpuMilliseconds, mainThreadCpuMilliseconds, percentile, sleep } from './bench-support.js';
import type { RelayTarget } from './relay-targets.js';

export const TICK_MS = 5;

export interface StepOptions {
  rate: number;
  seconds: number;
  drainMs: number;
  p99LimitMs: number;
}

export interface StepResult {
  rate: number;
  sent: number;
  /** Messages sent per second of the step, as achieved. */
  offeredRate: number;
  delivered: number;
  lost: number;
  refused: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time of all server nodes (not Redis, not the generator) per delivered message. */
  serverCpuMsPerMessage: number;
  /** The same, of the nodes' main threads alone (JavaScript; not the collector's helper threads). */
  serverMainThreadCpuMsPerMessage: number;
  /** CPU of all server nodes over the step, in cores (1 = one core busy). */
  serverCores: number;
  /** CPU of this process (the generator and its clients) over the step, in cores. */
  generatorCores: number;
  held: boolean;
  /** Why it did not hold, when it did not. */
  failure: string | null;
}

interface Recording {
  tag: string;
  sentAt: Float64Array;
  deliveredAt: Float64Array;
  delivered: number;
}

interface Recorder {
  current: Recording | null;
  /** The next citizen to send: each step goes on where the last stopped, so that all send alike. */
  nextVisitor: number;
}

const recordings = new WeakMap<RelayTarget, Recorder>();
let stepCounter = 0;

/** Listens once per target at its agents for `message:created`, recording into the current step. */
function recorderOf(target: RelayTarget): Recorder {
  let recorder = recordings.get(target);
  if (recorder !== undefined) return recorder;
  const created: Recorder = { current: null, nextVisitor: 0 };
  recorder = created;
  recordings.set(target, created);
  const onMessage = (message: { clientId?: unknown }) => {
    const recording = created.current;
    if (recording === null || typeof message.clientId !== 'string' || !message.clientId.startsWith(recording.tag)) return;
    const seq = Number(message.clientId.slice(recording.tag.length));
    if (!(seq >= 0 && seq < recording.deliveredAt.length) || recording.deliveredAt[seq] !== 0) return;
    recording.deliveredAt[seq] = performance.now();
    recording.delivered++;
  };
  for (const agent of target.agents) agent.on('message:created', onMessage);
  return created;
}

const cpuOf = async (target: RelayTarget, read = cpuMilliseconds) =>
  (await Promise.all(target.servers.map((server) => read(server.child.pid!)))).reduce((a, b) => a + b, 0);

/** Sends `rate` messages a second for `seconds` and measures them (see the file's comment). */
export async function runStep(target: RelayTarget, options: StepOptions): Promise<StepResult> {
  const recorder = recorderOf(target);
  const total = Math.round(options.rate * options.seconds);
  const tag = `bench${process.pid}s${++stepCounter}n`;
  const payloads = Array.from({ length: total }, (_, seq) => ({ clientId: `${tag}${seq}`, text: 'benchmark message' }));
  const recording: Recording = { tag, sentAt: new Float64Array(total), deliveredAt: new Float64Array(total), delivered: 0 };
  recorder.current = recording;
  let refused = 0;
  const onAck = (response: { ok?: boolean } | undefined) => {
    if (response?.ok !== true) refused++;
  };
  const visitors: readonly Socket[] = target.visitors;
  let next = 0;
  const first = recorder.nextVisitor;
  // The main threads' window inside the whole processes' (read in that order, and the reverse after).
  const cpuBefore = await cpuOf(target);
  const mainThreadBefore = await cpuOf(target, mainThreadCpuMilliseconds);
  const generatorBefore = process.cpuUsage();
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) / 1000) * options.rate));
      for (; next < due; next++) {
        recording.sentAt[next] = performance.now();
        visitors[(first + next) % visitors.length]!.emit('message:send', payloads[next], onAck);
      }
      if (next >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const sendingMs = performance.now() - started;
  recorder.nextVisitor = (first + total) % visitors.length;
  const drainDeadline = performance.now() + options.drainMs;
  while (recording.delivered < total && performance.now() < drainDeadline) await sleep(10);
  const elapsedMs = performance.now() - started;
  const mainThreadCpuMs = (await cpuOf(target, mainThreadCpuMilliseconds)) - mainThreadBefore;
  const serverCpuMs = (await cpuOf(target)) - cpuBefore;
  const generatorUsage = process.cpuUsage(generatorBefore);
  recorder.current = null;

  const latencies: number[] = [];
  for (let seq = 0; seq < total; seq++) {
    if (recording.deliveredAt[seq] !== 0) latencies.push(recording.deliveredAt[seq]! - recording.sentAt[seq]!);
  }
  latencies.sort((a, b) => a - b);
  const delivered = latencies.length;
  const offeredRate = total / (sendingMs / 1000);
  const result: StepResult = {
    rate: options.rate,
    sent: total,
    offeredRate,
    delivered,
    lost: total - delivered,
    refused,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    serverCpuMsPerMessage: serverCpuMs / Math.max(1, delivered),
    serverMainThreadCpuMsPerMessage: mainThreadCpuMs / Math.max(1, delivered),
    serverCores: serverCpuMs / elapsedMs,
    generatorCores: (generatorUsage.user + generatorUsage.system) / 1000 / elapsedMs,
    held: true,
    failure: null,
  };
  const failures = [
    result.lost > 0 ? `${result.lost} lost` : null,
    result.refused > 0 ? `${result.refused} refused` : null,
    !(result.p99 <= options.p99LimitMs) ? `p99 ${result.p99.toFixed(0)} ms > ${options.p99LimitMs} ms` : null,
    offeredRate < 0.95 * options.rate ? `generator behind (offered ${offeredRate.toFixed(0)} msg/s)` : null,
  ].filter((failure) => failure !== null);
  if (failures.length > 0) {
    result.held = false;
    result.failure = failures.join(', ');
  }
  return result;
}

export interface RampOptions {
  startRate: number;
  factor: number;
  stepSeconds: number;
  maxSteps: number;
  drainMs: number;
  p99LimitMs: number;
  /** A first step at half the start rate, not counted (JIT warm-up, first-use allocations); 0 for none. */
  warmupSeconds: number;
  /** Pause between steps, for the last step's stragglers and timers to settle. */
  pauseMs?: number;
  onStep?: (step: StepResult) => void;
}

export interface RampResult {
  steps: StepResult[];
  /** The highest rate that held (0 if the first step did not). */
  sustainedRate: number;
  /** Why the ramp stopped. */
  stoppedBy: string;
}

/** The rates a ramp tries, in order (each rounded to a whole message a second). */
export const rampRates = (options: Pick<RampOptions, 'startRate' | 'factor' | 'maxSteps'>) =>
  Array.from({ length: options.maxSteps }, (_, step) => Math.round(options.startRate * options.factor ** step));


export async function ramp(target: RelayTarget, options: RampOptions): Promise<RampResult> {
  const steps: StepResult[] = [];
  let sustainedRate = 0;
  if (options.warmupSeconds > 0) {
    await runStep(target, { rate: options.startRate / 2, seconds: options.warmupSeconds, drainMs: options.drainMs, p99LimitMs: options.p99LimitMs });
    await sleep(options.pauseMs ?? 500);
  }
  for (const rate of rampRates(options)) {
    const step = await runStep(target, { rate, seconds: options.stepSeconds, drainMs: options.drainMs, p99LimitMs: options.p99LimitMs });
    steps.push(step);
    options.onStep?.(step);
    if (!step.held) return { steps, sustainedRate, stoppedBy: `${rate} msg/s: ${step.failure}` };
    sustainedRate = rate;
    await sleep(options.pauseMs ?? 500);
  }
  return { steps, sustainedRate, stoppedBy: `held every step up to ${sustainedRate} msg/s (the ramp's last)` };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** One line per step, for the progress output. */
export const describeStep = (step: StepResult) =>
  `${String(step.rate).padStart(6)} msg/s: ${step.delivered}/${step.sent} delivered, p50 ${fixed(step.p50, 1)} ms, p99 ${fixed(step.p99, 1)} ms, ` +
  `server ${fixed(step.serverCpuMsPerMessage, 3)} ms CPU/msg (${fixed(step.serverCores, 2)} cores), generator ${fixed(step.generatorCores, 2)} cores` +
  (step.held ? '' : `; did not hold: ${step.failure}`);
