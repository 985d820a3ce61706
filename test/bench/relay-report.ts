/**
 * The relay benchmark's run and its printed report (relay-benchmark.ts is the command; the smoke
 * test runs the same with tiny numbers): for each set-up, open the chats, ramp the message rate
 * (ramp.ts) and keep every step; then the saturation table (highest sustained rate, ratio to the
 * bare relay with as many nodes) and the table at the reference rate (1,000 msg/s by default).
 */
import { cpus, loadavg } from 'node:os';
import { MESSAGE_RATE_PER_CONVERSATION, VISITOR_COMMAND_RATES } from '../../server/domain/rate-policies.js';
import type { RatePolicy } from '../../server/domain/rate-limit.js';
import { cpuMilliseconds, sleep } from './bench-support.js';
import { describeStep, ramp, rampRates, runStep, type RampOptions, type RampResult, type StepResult } from './ramp.js';
import { RELAY_SETUPS, setupName, startRelayTarget, type RelaySetup, type RelayTarget } from './relay-targets.js';

export interface RelayBenchOptions extends Omit<RampOptions, 'onStep'> {
  setups?: readonly RelaySetup[];
  /** Chats open during the ramp; by default the fewest our server's rate limits allow (chatsForRamp). */
  chats?: number;
  /** The rate of the reference table (a rate of the ramp). */
  referenceRate: number;
  progress?: (line: string) => void;
}

export interface SetupReport {
  setup: RelaySetup;
  ramp: RampResult;
  /** The step at the reference rate: the ramp's, or one run after the ramp if it stopped below (null if the rate is not a step of the ramp). */
  reference: StepResult | null;
}

export interface RelayReport {
  options: RelayBenchOptions;
  chats: number;
  cores: number;
  /** The 1-minute load average before the run, and after it. */
  loadBefore: number;
  loadAfter: number;
  setups: SetupReport[];
}

/** A stretch of load: `rate` messages a second for `seconds`, round-robin over the chats. */
export interface LoadStretch {
  rate: number;
  seconds: number;
}

/**
 * Whether every citizen of `chats` can send its share of `stretches` (one after the other,
 * round-robin) within our server's message limits for a citizen (per conversation, and per
 * connection): each limit is a token bucket, simulated (pauses between stretches not counted).
 */
export function fitsMessageLimits(chats: number, stretches: readonly LoadStretch[]): boolean {
  const fits = (policy: RatePolicy) => {
    let tokens = policy.capacity;
    const dt = 0.05;
    for (const { rate, seconds } of stretches) {
      for (let t = 0; t < seconds; t += dt) {
        tokens = Math.min(policy.capacity, tokens + policy.refillPerSecond * dt) - (rate / chats) * dt;
        if (tokens < 0) return false;
      }
    }
    return true;
  };
  return fits(MESSAGE_RATE_PER_CONVERSATION.visitor) && fits(VISITOR_COMMAND_RATES['message:send']);
}

/** The fewest chats that let a whole ramp (warm-up included) fit our server's message limits, with 10% to spare. */
export function chatsForRamp(options: Pick<RampOptions, 'startRate' | 'factor' | 'maxSteps' | 'stepSeconds' | 'warmupSeconds'>): number {
  const stretches = [
    { rate: options.startRate / 2, seconds: options.warmupSeconds },
    ...rampRates(options).map((rate) => ({ rate, seconds: options.stepSeconds })),
  ];
  let high = 1;
  while (!fitsMessageLimits(high, stretches)) high *= 2;
  let low = Math.max(1, Math.floor(high / 2));
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (fitsMessageLimits(middle, stretches)) high = middle;
    else low = middle + 1;
  }
  return Math.ceil(high * 1.1);
}

/** Servers below this much CPU, summed over their nodes, have finished what opening the chats started. */
const QUIET_CORES = 0.1;
const QUIET_WINDOW_MS = 500;
const QUIET_WAIT_MAX_MS = 30_000;

/**
 * Waits until the servers are quiet after the chats opened (each queued chat is routed, announced
 * and counted a moment after it starts): a first step run during that work measures it, not the
 * relay. Resolves with how long it took, or at QUIET_WAIT_MAX_MS.
 */
async function waitForQuiet(target: RelayTarget): Promise<number> {
  const started = performance.now();
  const cpu = async () => (await Promise.all(target.servers.map((server) => cpuMilliseconds(server.child.pid!)))).reduce((sum, ms) => sum + ms, 0);
  while (performance.now() - started < QUIET_WAIT_MAX_MS) {
    const before = await cpu();
    await sleep(QUIET_WINDOW_MS);
    if ((await cpu()) - before < QUIET_CORES * QUIET_WINDOW_MS) break;
  }
  return performance.now() - started;
}

export async function benchRelay(options: RelayBenchOptions): Promise<RelayReport> {
  const progress = options.progress ?? (() => {});
  const chats = options.chats ?? chatsForRamp(options);
  const loadBefore = loadavg()[0]!;
  const setups: SetupReport[] = [];
  for (const setup of options.setups ?? RELAY_SETUPS) {
    const opening = performance.now();
    const target = await startRelayTarget(setup, chats);
    progress(`${setupName(setup)}: ${chats} chats open in ${((performance.now() - opening) / 1000).toFixed(1)} s`);
    const quietAfter = await waitForQuiet(target);
    progress(`  servers quiet ${(quietAfter / 1000).toFixed(1)} s later`);
    try {
      const result = await ramp(target, { ...options, onStep: (step) => progress(`  ${describeStep(step)}`) });
      let reference = result.steps.find((step) => step.rate === options.referenceRate) ?? null;
      if (reference === null && rampRates(options).includes(options.referenceRate)) {
        // The ramp stopped below it: measure it anyway (within the chats' budget, which counts it).
        await sleep(options.pauseMs ?? 500);
        reference = await runStep(target, { rate: options.referenceRate, seconds: options.stepSeconds, drainMs: options.drainMs, p99LimitMs: options.p99LimitMs });
        progress(`  reference step after the ramp: ${describeStep(reference)}`);
      }
      setups.push({ setup, ramp: result, reference });
    } finally {
      await target.close();
    }
  }
  return { options, chats, cores: cpus().length, loadBefore, loadAfter: loadavg()[0]!, setups };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** The bare relay with as many nodes as `setup`, in the same report. */
const bareCounterpart = (report: RelayReport, setup: RelaySetup) =>
  report.setups.find((other) => other.setup.kind === 'bare' && other.setup.nodes === setup.nodes);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

export function formatRelayReport(report: RelayReport): string {
  const { options } = report;
  const lastRate = rampRates(options).at(-1)!;
  const lines = [
    `Relay saturation: ${report.chats} chats; from ${options.startRate} msg/s, ×${options.factor} a step, ${options.stepSeconds} s a step, ` +
      `at most ${options.maxSteps} steps (up to ${lastRate} msg/s), after ${options.warmupSeconds} s at ${options.startRate / 2} msg/s not counted. A step holds with nothing lost (at its agent within ` +
      `${options.drainMs / 1000} s of the step's end), nothing refused, p99 ≤ ${options.p99LimitMs} ms and ≥ 95% of the rate offered.`,
    `Machine: ${report.cores} cores, load average ${report.loadBefore.toFixed(2)} before, ${report.loadAfter.toFixed(2)} after. ` +
      `The load generator (this process, all citizens and agents) shares these cores with the servers and Redis.`,
    '',
    'Saturation (highest rate that held; ratio to the bare relay with as many nodes, target ≥ 0.5)',
    table([
      ['set-up', 'sustained', 'ratio', 'stopped by'],
      ...report.setups.map((entry) => {
        const bare = bareCounterpart(report, entry.setup);
        const capped = entry.ramp.sustainedRate === lastRate;
        const bareCapped = bare?.ramp.sustainedRate === lastRate;
        let ratio = '';
        if (entry.setup.kind === 'ours' && bare !== undefined && bare.ramp.sustainedRate > 0) {
          // A rate that held at the ramp's last step is a floor: its ratio is then a bound, or unknown.
          const value = (entry.ramp.sustainedRate / bare.ramp.sustainedRate).toFixed(2);
          ratio = capped && bareCapped ? 'unknown (both held to the end)' : capped ? `≥ ${value}` : bareCapped ? `≤ ${value}` : value;
        }
        return [setupName(entry.setup), `${capped ? '≥ ' : ''}${entry.ramp.sustainedRate} msg/s`, ratio, entry.ramp.stoppedBy];
      }),
    ]),
    '',
    `At ${options.referenceRate} msg/s (the ramp's step, or the same step run after a ramp that stopped below it; ${Math.round(options.referenceRate * options.stepSeconds)} messages; ` +
      `server CPU of all nodes, Redis not counted; ratio to the bare relay with as many nodes, target ≤ 2; p99 target ≤ 10 ms)`,
    table([
      ['set-up', 'delivered / sent', 'p50', 'p99', 'server CPU per message', 'ratio'],
      ...report.setups.map((entry) => {
        const step = entry.reference;
        if (step === null) return [setupName(entry.setup), 'not a step of the ramp', '', '', '', ''];
        const bare = bareCounterpart(report, entry.setup)?.reference;
        const ratio = entry.setup.kind === 'bare' || bare == null ? '' : (step.serverCpuMsPerMessage / bare.serverCpuMsPerMessage).toFixed(2);
        return [
          setupName(entry.setup),
          `${step.delivered} / ${step.sent}`,
          `${fixed(step.p50, 2)} ms`,
          `${fixed(step.p99, 2)} ms`,
          `${fixed(step.serverCpuMsPerMessage, 3)} ms`,
          ratio,
        ];
      }),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}
