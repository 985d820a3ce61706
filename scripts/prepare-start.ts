/** `npm start`: builds what the server sends to browsers if it is missing or stale, then starts it. */
import { ensureBuilt } from './build-lib.js';

await ensureBuilt((line) => process.stdout.write(`${line}\n`));
await import('../server/main.js');
