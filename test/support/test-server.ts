/**
 * Starts the real server on an ephemeral port of 127.0.0.1 for a test, with a known manager
 * account, and stops it afterwards.
 */
import { createServer, type ChatServer, type ServerOverrides } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { PRODUCTION_HASHING, type PasswordHashingOptions } from '../../server/services/password-hasher.js';

export const MANAGER = { email: 'lead@example.test', password: 'correct-horse-battery' };

/**
 * scrypt at 1/32 of production's cost: the same code path, without spending seconds of the suite
 * on demo and test accounts. Hashes carry their cost, so servers verify them as they are.
 */
export const TEST_HASHING: PasswordHashingOptions = { ...PRODUCTION_HASHING, cost: { N: 2 ** 10, r: 8, p: 1 } };

export interface TestServer {
  server: ChatServer;
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(
  environment: Record<string, string> = {},
  overrides: ServerOverrides = {},
): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    LOG_FORMAT: 'json',
    BOOTSTRAP_ADMIN_EMAIL: MANAGER.email,
    BOOTSTRAP_ADMIN_PASSWORD: MANAGER.password,
    SESSION_SECRET: 'test-secret-that-is-long-enough-to-sign-cookies',
    // No shedding on event-loop delay: the suite shares a loaded machine, where a test's server can
    // stall for a moment without being overloaded. test/resilience/pressure.test.ts turns it on.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...environment,
  });
  const server = await createServer(config, { passwordHashing: TEST_HASHING, ...overrides });
  const url = await server.listen();
  return { server, url, close: () => server.close() };
}
