/**
 * The process entry point: read the configuration, build the server, listen, say where to go,
 * and shut down cleanly on SIGINT or SIGTERM. Everything else is in app.ts.
 */
import { createServer } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { redactedUrl } from './stores/redis-connection.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  let server;
  try {
    server = await createServer(config);
  } catch (error) {
    process.stderr.write(`Could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const log = server.app.log;
  let address;
  try {
    address = await server.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.host}:${config.port}`;
    const reason =
      code === 'EADDRINUSE' ? `${where} is in use by another process (another server still running?); stop it or choose another PORT` : (error as Error).message;
    process.stderr.write(`Could not listen: ${reason}\n`);
    process.exit(1);
  }
  const base = config.publicUrl ?? address;

  if (config.redisUrl === undefined) log.info('State lives in memory (no REDIS_URL): it is lost when the process stops.');
  else log.info({ redis: redactedUrl(config.redisUrl), prefix: config.redisKeyPrefix }, 'State lives in Redis.');
  if (config.sessionSecretGenerated) log.warn('SESSION_SECRET is not set: console sessions end when the process restarts.');
  if (server.seeded.bootstrapAdminCreated) log.info({ email: config.bootstrapAdmin?.email }, 'Created the bootstrap manager account.');
  for (const account of server.seeded.demoAccounts) {
    log.info(`Demo ${account.role}: ${account.email} / ${account.password}`);
  }
  log.info(`Demo page (English): ${base}/`);
  log.info(`Demo page (French):  ${base}/fr/`);
  log.info(`Agent console:       ${base}/console`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
