/**
 * A server process for the benchmarks: the real server on a free port of 127.0.0.1, with
 * `BENCH_AGENTS` agent accounts (bench-agent-N@example.test, password below) that can each hold
 * `BENCH_AGENT_CAPACITY` chats, each already signed in. With `BENCH_REDIS_URL` it is one node of a
 * Redis deployment (several bench servers then share the accounts). `PRESSURE_*` and
 * `METRICS_TOKEN` are passed on to its configuration. Prints one JSON line
 * `{ "url": ..., "cookies": [...] }` when ready (signing in over HTTP would meet the sign-in rate
 * limit, which is doing its job).
 */
import { createServer } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { SESSION_COOKIE } from '../../server/http/session-cookie.js';
import { PRODUCTION_HASHING } from '../../server/services/password-hasher.js';
import { DEMO_QUEUES } from '../../server/services/seed.js';
import { answerMemoryProbes } from './memory-probe.js';

const BENCH_PASSWORD = 'bench-password-long-enough';

const agents = Number(process.env.BENCH_AGENTS ?? '10');
const capacity = Number(process.env.BENCH_AGENT_CAPACITY ?? '100');
const config = loadConfig({
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  SESSION_SECRET: 'bench-secret-that-is-long-enough-to-sign',
  // The load comes from one address; each simulated citizen says it is another (per-address limits).
  TRUST_PROXY: 'true',
  ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
  // Load shedding and /metrics as a bench asks (the surge bench reads the event-loop lag there).
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('PRESSURE_') || name === 'METRICS_TOKEN')),
});
// Password hashing at a low cost: sign-in is not what is measured, and a hundred agents would wait.
const server = await createServer(config, { passwordHashing: { ...PRODUCTION_HASHING, cost: { N: 2 ** 10, r: 8, p: 1 } } });
const cookies: string[] = [];
for (let i = 0; i < agents; i++) {
  const email = `bench-agent-${i}@example.test`;
  await server.services.auth.createAccount({
    email,
    displayName: `Agent ${i}`,
    role: 'agent',
    password: BENCH_PASSWORD,
    maxConcurrentChats: capacity,
    languages: ['en', 'fr'],
    queueIds: DEMO_QUEUES.map((queue) => queue.id),
  });
  // Each from an address of its own: a whole bench's sign-ins from one would meet the per-address limit.
  const { session } = await server.services.auth.signIn(email, BENCH_PASSWORD, { address: `10.255.0.${i}` });
  cookies.push(`${SESSION_COOKIE}=${server.app.signCookie(session.id)}`);
}
const url = await server.listen();
process.stdout.write(`${JSON.stringify({ url, cookies })}\n`);
answerMemoryProbes();
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
