/**
 * A real server node as its own process, run from the server's build as `npm start` runs it
 * (`node build/server/main.js`, built by the tests' global setup), for the tests that need several
 * nodes or must kill one. Logs are kept (JSON lines) so tests can read what it said.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from '../../scripts/build-lib.js';
import { SERVER_MAIN } from '../../scripts/server-build.js';
import { freePort } from './free-port.js';
import { MANAGER } from './test-server.js';

export const CLUSTER_SECRET = 'cluster-test-secret-long-enough-to-sign';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  logs: LogLine[];
  /** SIGTERM, then waits for the process to exit; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: gone at once, nothing finished. */
  kill(): Promise<void>;
  /** Resolves when the process has logged a line matching `test`. */
  waitForLog(test: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

const running = new Set<ChildProcess>();

/** Kills every node still running (call in afterAll/afterEach). */
export async function killAllServerProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
}

/** Starts a node on a free port, on the Redis at `redisUrl`, or on its in-memory store when null. */
export async function startServerProcess(redisUrl: string | null, environment: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', SERVER_MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...(redisUrl === null ? {} : { REDIS_URL: redisUrl }),
      SESSION_SECRET: CLUSTER_SECRET,
      BOOTSTRAP_ADMIN_EMAIL: MANAGER.email,
      BOOTSTRAP_ADMIN_PASSWORD: MANAGER.password,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      REDIS_CONNECT_TIMEOUT_SECONDS: '10',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const logs: LogLine[] = [];
  const watchers = new Set<(line: LogLine) => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { level: 50, msg: text };
      }
      logs.push(line);
      for (const watcher of watchers) watcher(line);
    });
  }
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );

  const waitForLog = (test: (line: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const found = logs.find(test);
      if (found !== undefined) return resolve(found);
      const timer = setTimeout(() => {
        watchers.delete(watcher);
        reject(new Error(`no matching log line within ${timeoutMs} ms; last lines: ${JSON.stringify(logs.slice(-5))}`));
      }, timeoutMs);
      const watcher = (line: LogLine) => {
        if (!test(line)) return;
        clearTimeout(timer);
        watchers.delete(watcher);
        resolve(line);
      };
      watchers.add(watcher);
      void exited.then(() => {
        if (!watchers.has(watcher)) return;
        clearTimeout(timer);
        watchers.delete(watcher);
        reject(new Error(`the server exited; last lines: ${JSON.stringify(logs.slice(-5))}`));
      });
    });

  await waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('Agent console:'));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    logs,
    waitForLog,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
