/**
 * The pages a person opens: the demo government page (English at `/`, French at `/fr/`; outside
 * production only), the agent console at `/console`, and the built assets of the console and the
 * chat iframe.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../domain/app-error.js';
import { DEMO_DIR, DIST_DIR } from '../../paths.js';
import { pageSecurityHeaders } from '../security-headers.js';

/** File names under assets/ carry a content hash, so they can be cached for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export async function pageRoutes(app: FastifyInstance, { config }: { config: Config }): Promise<void> {
  for (const prefix of ['chat', 'console'] as const) {
    await app.register(fastifyStatic, {
      root: join(DIST_DIR, prefix, 'assets'),
      prefix: `/${prefix}/assets/`,
      decorateReply: false,
      // The build writes .br and .gz beside each file; send those to browsers that take them.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (response) => {
        response.setHeader('cache-control', IMMUTABLE);
        // The chat app's assets load inside other organisations' pages (in our iframe).
        response.setHeader('cross-origin-resource-policy', prefix === 'chat' ? 'cross-origin' : 'same-origin');
      },
    });
  }

  const sendHtml = async (reply: FastifyReply, file: string, headers: Record<string, string>) => {
    let html: Buffer;
    try {
      html = await readFile(file);
    } catch {
      throw new AppError('unavailable', 'This page is not built yet; run npm run build.');
    }
    return reply.headers(headers).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  };

  if (config.isProduction) {
    // Production has no demo site (the page's chat could not start) and must not look like a
    // government page of its own: whoever opens the bare address is sent to the console.
    for (const url of ['/', '/fr', '/fr/']) app.get(url, (_request, reply) => reply.redirect('/console'));
  } else {
    // The demo page is a stand-in for a government site: inline styles, framed by nobody.
    const demoHeaders = pageSecurityHeaders("frame-ancestors 'none'", { inlineStyles: true });
    app.get('/', (_request, reply) => sendHtml(reply, join(DEMO_DIR, 'index.html'), demoHeaders));
    app.get('/fr', (_request, reply) => reply.redirect('/fr/'));
    app.get('/fr/', (_request, reply) => sendHtml(reply, join(DEMO_DIR, 'fr', 'index.html'), demoHeaders));
  }

  const consoleHeaders = pageSecurityHeaders("frame-ancestors 'none'");
  const sendConsole = (_request: unknown, reply: FastifyReply) =>
    sendHtml(reply, join(DIST_DIR, 'console', 'index.html'), consoleHeaders);
  app.get('/console', sendConsole);
  app.get('/console/*', sendConsole);
}
