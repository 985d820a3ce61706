/**
 * `npm start`'s first half (npm runs it as `prestart`): builds what the server sends to browsers
 * if it is missing or stale, and builds the server itself (build/server/main.js), which the
 * second half then runs.
 */
import { ensureBuilt } from './build-lib.js';
import { buildServer } from './server-build.js';

await ensureBuilt((line) => process.stdout.write(`${line}\n`));
await buildServer();
