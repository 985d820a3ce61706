/**
 * Measures what browsers download, gzipped (level 9, as the server sends it): the loader on the
 * host page, the chat app in the iframe, and the console. Shared by `npm run size` and the
 * bundle budget test.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, listFiles } from './build-lib.js';

/** Budgets: hard limits the tests enforce, and the targets in ARCHITECTURE.md (where we are going). */
export const BUDGETS = {
  loaderGzipBytes: 3 * 1024,
  loaderTargetGzipBytes: 2 * 1024,
  chatAppGzipBytes: 40 * 1024,
  citizenTotalTargetGzipBytes: 25 * 1024,
} as const;

export interface BundleSizes {
  loader: number;
  /** The iframe page, its scripts and its styles. */
  chatApp: number;
  /** Everything a citizen downloads before typing: loader + chat app. */
  citizenTotal: number;
  console: number;
}

async function gzippedSize(files: string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += gzipSync(await readFile(file), { level: 9 }).length;
  return total;
}

const sources = (files: string[]) => files.filter((file) => /\.(js|css|html)$/.test(file));

export async function measureBundles(): Promise<BundleSizes> {
  const loader = await gzippedSize([join(DIST, 'widget', 'widget.js')]);
  const chatApp = await gzippedSize(sources(await listFiles(join(DIST, 'chat'))));
  const consoleSize = await gzippedSize(sources(await listFiles(join(DIST, 'console'))));
  return { loader, chatApp, citizenTotal: loader + chatApp, console: consoleSize };
}

export const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
