/**
 * Builds the server for running: one ES module per entry point, TypeScript compiled away, the
 * packages in node_modules left as imports. `npm start` and the benchmarks run this build, not the
 * sources through tsx, for two reasons:
 * - start-up does not compile the server each time;
 * - tsx compiles with esbuild's `keepNames`, which gives every function a `name` property after it
 *   is made. A closure named that way keeps its properties in a dictionary of about 256 bytes, and
 *   the server makes a few such closures per connection (about 1 KB a chat, measured with heap
 *   snapshots). This build keeps the names functions get from their declarations, which is all a
 *   stack trace needs.
 * Bundling takes well under a second, so it runs on every start rather than tracking staleness.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './build-lib.js';

/** Where the server's build goes (outside dist/, which the server serves files from). */
export const SERVER_BUILD_DIR = join(ROOT, 'build');

/**
 * Bundles `entry` (a path from the project's root) into `build/<outName>.js`, with a source map
 * that `node --enable-source-maps` reads, and returns the output's path.
 */
export async function buildServerEntry(entry: string, outName: string): Promise<string> {
  const outfile = join(SERVER_BUILD_DIR, `${outName}.js`);
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    keepNames: false,
    logLevel: 'warning',
  });
  return outfile;
}

/** The production server's build, which `npm start` runs. */
export const SERVER_MAIN = join(SERVER_BUILD_DIR, 'server', 'main.js');

export const buildServer = (): Promise<string> => buildServerEntry('server/main.ts', 'server/main');
