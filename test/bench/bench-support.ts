/**
 * What the benchmark scripts share: server processes that print one JSON line when ready,
 * connections that look like browsers from addresses of their own, percentiles, process figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { ROOT } from '../../scripts/build-lib.js';
import { buildServerEntry } from '../../scripts/server-build.js';
import { MEMORY_PROBE, type LiveMemory } from './memory-probe.js';

export interface BenchProcess {
  url: string;
  /** Session cookies of the signed-in bench agents (our server only). */
  cookies: string[];
  child: ChildProcess;
}

/** Each bench server script's build, made once per benchmark run. */
const builds = new Map<string, Promise<string>>();

/**
 * Starts a bench server script and resolves once it printed its `{ "url": ... }` line. The script
 * runs from a build made as the production server's is (scripts/server-build.ts), so what is
 * measured is the server as it ships, and the bare relay is built the same way.
 * `BENCH_NODE_ARGS` adds Node options to every server process, to profile one, for example
 * `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` (Node refuses those in NODE_OPTIONS).
 */
export async function startBenchProcess(script: string, environment: Record<string, string> = {}): Promise<BenchProcess> {
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  if (!builds.has(script)) builds.set(script, buildServerEntry(script, `bench/${basename(script, '.ts')}`));
  const built = await builds.get(script)!;
  // --expose-gc for the memory probe, which collects before it answers (memory-probe.ts).
  const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', '--expose-gc', built], {
    cwd: ROOT,
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line.startsWith('{')) continue;
    const ready = JSON.parse(line) as { url?: string; cookies?: string[] };
    // Log lines (JSON too) may come first.
    if (typeof ready.url !== 'string') {
      process.stderr.write(`${line}\n`);
      continue;
    }
    return { url: ready.url, cookies: ready.cookies ?? [], child };
  }
  throw new Error(`${script} exited before it was ready`);
}

export async function stopBenchProcess(server: BenchProcess): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used, all its threads, in milliseconds, from /proc. */
export async function cpuMilliseconds(pid: number): Promise<number> {
  return ticksToMilliseconds(await readFile(`/proc/${pid}/stat`, 'utf8'));
}

/**
 * CPU time of a process's main thread alone (its id is the process's): the JavaScript, and the
 * part of garbage collection done there, without the collector's helper threads and libuv's pool.
 */
export async function mainThreadCpuMilliseconds(pid: number): Promise<number> {
  return ticksToMilliseconds(await readFile(`/proc/${pid}/task/${pid}/stat`, 'utf8'));
}

function ticksToMilliseconds(stat: string): number {
  const fields = stat.split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** What a bench server holds live after a full collection: heap in use plus buffers, in bytes. */
export function liveBytes(server: BenchProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not answer the memory probe within 30 s')), 30_000);
    server.child.once('message', (answer: LiveMemory) => {
      clearTimeout(timer);
      resolve(answer.heapUsed + answer.external);
    });
    server.child.send(MEMORY_PROBE);
  });
}

export async function residentBytes(pid: number): Promise<number> {
  const match = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let simulatedAddresses = 0;

/** Connects like a browser (its Origin), each connection from a (simulated) address of its own. */
export function connectBench(url: string, auth: object, extraHeaders: Record<string, string> = {}): Promise<Socket> {
  const n = ++simulatedAddresses;
  const forwardedFor = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth,
      extraHeaders: { 'x-forwarded-for': forwardedFor, origin: new URL(url).origin, ...extraHeaders },
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
