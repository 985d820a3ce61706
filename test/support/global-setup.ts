/**
 * Vitest global setup: make sure the browser bundles exist before any test serves them, and build
 * the server that the multi-node tests start as processes (the build `npm start` runs).
 */
import { ensureBuilt } from '../../scripts/build-lib.js';
import { buildServer } from '../../scripts/server-build.js';

export default async function setup(): Promise<void> {
  await ensureBuilt((line) => process.stdout.write(`${line}\n`));
  await buildServer();
}
