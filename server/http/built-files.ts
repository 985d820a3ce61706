/**
 * Reads built files from dist/, picking the brotli or gzip copy the build wrote when the browser
 * accepts it (the loader is fetched on every page of every embedding site: bytes matter). Each is
 * read once and kept in memory: a few small files, sent without touching the disk (or libuv's
 * thread pool, which password hashing also uses).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error.js';
import { DIST_DIR } from '../paths.js';

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** Files read so far. A missing file is not remembered, so a build made later is found. */
const cache = new Map<string, Promise<Buffer | null>>();

function cachedRead(relativePath: string): Promise<Buffer | null> {
  let content = cache.get(relativePath);
  if (content === undefined) {
    content = readFile(join(DIST_DIR, relativePath)).catch(() => {
      cache.delete(relativePath);
      return null;
    });
    cache.set(relativePath, content);
  }
  return content;
}

/** A built file's content, or `unavailable` (with the fix) when dist/ has not been built. */
export async function readBuilt(relativePath: string): Promise<Buffer> {
  const content = await cachedRead(relativePath);
  if (content === null) throw new AppError('unavailable', `dist/${relativePath} is not built yet; run npm run build.`);
  return content;
}

/** Sends a built file, compressed when the request allows it. */
export async function sendBuilt(request: FastifyRequest, reply: FastifyReply, relativePath: string): Promise<FastifyReply> {
  reply.header('vary', 'Accept-Encoding');
  const accepted = String(request.headers['accept-encoding'] ?? '');
  for (const encoding of ENCODINGS) {
    if (!new RegExp(`\\b${encoding.name}\\b`).test(accepted)) continue;
    const compressed = await cachedRead(relativePath + encoding.suffix);
    if (compressed !== null) return reply.header('content-encoding', encoding.name).send(compressed);
  }
  return reply.send(await readBuilt(relativePath));
}
