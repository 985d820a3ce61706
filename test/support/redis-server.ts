/**
 * A redis-server of the test's own, on a free port of 127.0.0.1, with its data in a temporary
 * folder; stopped, killed or restarted by the test to inject faults. Never the shared one on 6379.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

export interface TestRedis {
  url: string;
  port: number;
  /** Stops it cleanly (SHUTDOWN: with the append-only file on, everything acknowledged is on disk). */
  stop(): Promise<void>;
  /** Kills it (SIGKILL): no chance to write anything more. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

export interface TestRedisOptions {
  /** Append-only file with fsync on every write: what a deployment needs (README). */
  durable?: boolean;
  /** With `durable`: fsync on every write (the default), or once a second (what Redis ships with). */
  fsync?: 'always' | 'everysec';
}

export async function startRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'gov-chat-redis-'));
  const persistence = options.durable
    ? ['--appendonly', 'yes', '--appendfsync', options.fsync ?? 'always', '--save', '']
    : ['--appendonly', 'no', '--save', ''];
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...persistence], {
      stdio: 'ignore',
    });
    const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  const exited = async (signal: NodeJS.Signals | 'shutdown') => {
    const process = child;
    if (process === undefined || process.exitCode !== null || process.signalCode !== null) return;
    const gone = new Promise((resolve) => process.once('exit', resolve));
    if (signal === 'shutdown') {
      const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => {});
      await client.shutdown().catch(() => {});
      client.disconnect();
    } else {
      process.kill(signal);
    }
    await gone;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop: () => exited('shutdown'),
    kill: () => exited('SIGKILL'),
    destroy: async () => {
      await exited('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
