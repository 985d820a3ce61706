/**
 * `npm run dev`: rebuilds the browser bundles on every change and restarts the server on every
 * server change. Reload the browser to see a change (no hot module replacement, on purpose: the
 * server serves exactly what production serves).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLES, DIST, ensureBuilt, listFiles, ROOT } from './build-lib.js';

await ensureBuilt((line) => process.stdout.write(`${line}\n`));
// Watch builds do not write compressed copies: remove the old ones so they are never served stale.
for (const file of await listFiles(DIST)) {
  if (file.endsWith('.br') || file.endsWith('.gz')) await rm(file);
}
// And make the next `npm start` build afresh, compressed copies included.
await rm(join(DIST, '.build-stamp'), { force: true });

const children: ChildProcess[] = [];
const run = (command: string, args: string[]) => {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
  children.push(child);
  return child;
};

const vite = join(ROOT, 'node_modules', '.bin', 'vite');
for (const bundle of BUNDLES) run(vite, ['build', '--watch', '--logLevel', 'warn', '-c', bundle.config]);
run(process.execPath, ['--watch-path=server', '--watch-path=protocol', '--import', 'tsx', 'server/main.ts']);

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
