/** Vitest global setup: make sure the browser bundles exist before any test serves them. */
import { ensureBuilt } from '../../scripts/build-lib.js';

export default async function setup(): Promise<void> {
  await ensureBuilt((line) => process.stdout.write(`${line}\n`));
}
