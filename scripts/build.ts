/** `npm run build`: builds every browser bundle into dist/ and the server into build/. */
import { buildAll } from './build-lib.js';
import { buildServer } from './server-build.js';

const started = Date.now();
await buildAll();
await buildServer();
process.stdout.write(`Built dist/ and build/ in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
