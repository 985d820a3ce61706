/**
 * Reads built files from dist/, picking the brotli or gzip copy the build wrote when the browser
 * accepts it (the loader is fetched on every page of every embedding site: bytes matter).
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

/** A built file's content, or `unavailable` (with the fix) when dist/ has not been built. */
export async function readBuilt(relativePath: string): Promise<Buffer> {
  try {
    return await readFile(join(DIST_DIR, relativePath));
  } catch {
    throw new AppError('unavailable', `dist/${relativePath} is not built yet; run npm run build.`);
  }
}

/** Sends a built file, compressed when the request allows it. */
export async function sendBuilt(request: FastifyRequest, reply: FastifyReply, relativePath: string): Promise<FastifyReply> {
  reply.header('vary', 'Accept-Encoding');
  const accepted = String(request.headers['accept-encoding'] ?? '');
  for (const encoding of ENCODINGS) {
    if (!new RegExp(`\\b${encoding.name}\\b`).test(accepted)) continue;
    const compressed = await readFile(join(DIST_DIR, relativePath + encoding.suffix)).catch(() => null);
    if (compressed !== null) return reply.header('content-encoding', encoding.name).send(compressed);
  }
  return reply.send(await readBuilt(relativePath));
}
