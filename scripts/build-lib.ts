/**
 * Builds the three browser bundles into dist/ (the widget loader, the chat app in the iframe, the
 * agent console) and writes gzip and brotli copies that the server sends to browsers that take them.
 * `ensureBuilt` rebuilds only when a source file is newer than the last build.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { build } from 'vite';

export const ROOT = new URL('..', import.meta.url).pathname;
export const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');

/** Each bundle and its Vite config, built in this order. */
export const BUNDLES = [
  { name: 'widget loader', config: 'widget/vite.loader.config.ts' },
  { name: 'chat app', config: 'widget/vite.app.config.ts' },
  { name: 'agent console', config: 'agent-console/vite.config.ts' },
] as const;

/** What a build reads: a change under any of these makes the build stale. */
const SOURCES = ['protocol', 'widget', 'agent-console', 'package-lock.json'];

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export async function buildAll(): Promise<void> {
  // Vite keeps an existing NODE_ENV (Vitest sets `test`), which would ship React's development
  // build; what the server sends is always the production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    for (const bundle of BUNDLES) {
      await build({ configFile: join(ROOT, bundle.config), mode: 'production', logLevel: 'warn' });
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await precompress(DIST);
  await writeFile(STAMP, new Date().toISOString());
}

/** Builds unless dist/ is newer than every source file. Returns whether it built. */
export async function ensureBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  const builtAt = await stat(STAMP).then((s) => s.mtimeMs, () => 0);
  const newestSource = Math.max(...(await Promise.all(SOURCES.map((source) => newestMtime(join(ROOT, source))))));
  if (builtAt > newestSource) return false;
  log(builtAt === 0 ? 'Building the widget and the console (first start)…' : 'Sources changed since the last build; rebuilding…');
  await buildAll();
  return true;
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (info === null) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(
    entries.filter((entry) => entry !== 'node_modules').map((entry) => newestMtime(join(path, entry))),
  );
  return Math.max(info.mtimeMs, ...times);
}

async function precompress(directory: string): Promise<void> {
  for (const file of await listFiles(directory)) {
    if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
    const content = await readFile(file);
    await writeFile(`${file}.gz`, await gzipAsync(content, { level: 9 }));
    await writeFile(
      `${file}.br`,
      await brotliAsync(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY } }),
    );
  }
}

export async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(directory, entry.name)) : [join(directory, entry.name)])),
  );
  return nested.flat();
}

export const relativeToRoot = (path: string): string => relative(ROOT, path);
