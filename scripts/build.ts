/** `npm run build`: builds every browser bundle into dist/. */
import { buildAll } from './build-lib.js';

const started = Date.now();
await buildAll();
process.stdout.write(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
