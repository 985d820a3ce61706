/**
 * What the widget needs over HTTP: the loader script, the offer decision it asks for on each page,
 * and the iframe page that holds the conversation (framed only by the site's allowed origins).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  FrameQuerySchema,
  WidgetOfferQuerySchema,
  WidgetOfferResponseSchema,
  WidgetSiteQuerySchema,
  WidgetSiteResponseSchema,
} from '../../../protocol/http.js';
import { CHAT_OFFER_FLAG, type ChatOffer } from '../../../protocol/rollout-offer.js';
import { PROTOCOL_VERSION } from '../../../protocol/version.js';
import { AppError } from '../../domain/app-error.js';
import { frameAncestorsDirective, isOriginAllowed, mayFrame, originOf } from '../../domain/origin-policy.js';
import type { Services } from '../../services/index.js';
import { readBuilt, sendBuilt } from '../built-files.js';
import { pageSecurityHeaders } from '../security-headers.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

/** The default OpenFeature returns when the provider fails (never sent: the route answers `unavailable`). */
const REFUSED_BY_ERROR = {
  offered: false,
  state: 'refused',
  reason: null,
  features: { transcript: false, survey: false, leave_message: false, self_service: false },
  topicIds: [],
  closed: false,
  busy: null,
  stickiness: 'session',
} satisfies ChatOffer;

/** The loader is cached briefly: it is on other organisations' pages, and fixes must reach them. */
const LOADER_CACHE = 'public, max-age=300';

export async function widgetRoutes(app: ZodFastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get('/widget.js', async (request, reply) =>
    sendBuilt(
      request,
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', LOADER_CACHE)
        .header('cross-origin-resource-policy', 'cross-origin'),
      'widget/widget.js',
    ),
  );

  app.options('/api/widget/offer', async (request, reply) => {
    allowCors(request, reply);
    return reply.status(204).send();
  });

  // Asked on every page view: the OpenFeature client answers from this node's caches (policy,
  // guards, site), so a page view costs no store read but the exposure batch.
  const offerSchema = { querystring: WidgetOfferQuerySchema, response: { 200: WidgetOfferResponseSchema } };
  app.get('/api/widget/offer', { schema: offerSchema }, async (request, reply) => {
    allowCors(request, reply);
    reply.header('cache-control', 'no-store');
    const { query } = request;
    if (query.v !== undefined && query.v !== PROTOCOL_VERSION) {
      throw new AppError('client_outdated', 'This chat loader is out of date.');
    }
    const site = await services.offers.siteOf(query.site);
    if (!isOriginAllowed(request.headers.origin, request.headers.host, site.allowedOrigins)) {
      throw new AppError('origin_not_allowed', 'Chat is not enabled for this website.');
    }
    // The browser's address caps how many visitors one address adds to the exposure counts.
    const context = { targetingKey: query.visitor, siteId: site.id, pageUrl: query.page, language: query.lang, resume: query.resume === '1', clientAddress: request.ip };
    const details = await services.offerFlags.client.getObjectDetails(CHAT_OFFER_FLAG, REFUSED_BY_ERROR, context);
    // The provider failed (the store away): say so, rather than a refusal that looks deliberate.
    if (details.errorCode !== undefined) throw new AppError('unavailable', 'The chat offer could not be decided; try again.');
    const offer = details.value as unknown as ChatOffer;
    if (!offer.offered) return { ...offer, frameUrl: null };
    const parent = request.headers.origin ?? originOf(query.page) ?? '';
    const frameUrl = `/chat/frame?${new URLSearchParams({ site: site.id, lang: query.lang, parent, visitor: query.visitor })}`;
    // The persona's launcher label and corner, from this node's short cache (no store read per view).
    return { ...offer, frameUrl, launcher: await services.personas.launcher(site.id, query.lang) };
  });

  // Asked by the chat app in the iframe (same origin as this server) before a chat starts: the
  // topics, whether each can start now, and what to show when not.
  const siteSchema = { querystring: WidgetSiteQuerySchema, response: { 200: WidgetSiteResponseSchema } };
  app.get('/api/widget/site', { schema: siteSchema }, async (request, reply) => {
    const { site: siteId } = request.query;
    const site = await services.sites.require(siteId);
    if (!isOriginAllowed(request.headers.origin, request.headers.host, site.allowedOrigins)) {
      throw new AppError('origin_not_allowed', 'Chat is not enabled for this website.');
    }
    reply.header('cache-control', 'no-cache');
    const [answer, persona] = await Promise.all([services.availability.widgetSite(site), services.personas.forWidget(site.id)]);
    return { ...answer, persona };
  });

  // An HTML page: its query is validated, its answer is a built file (no response schema).
  app.get('/chat/frame', { schema: { querystring: FrameQuerySchema } }, async (request, reply) => {
    const { query } = request;
    const site = await services.sites.require(query.site);
    if (!mayFrame(query.parent, request.headers.host, site.allowedOrigins)) {
      throw new AppError('origin_not_allowed', 'This website may not show the chat.');
    }
    return reply
      .headers(pageSecurityHeaders(frameAncestorsDirective(site.allowedOrigins)))
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(await readBuilt(query.lang === 'fr' ? 'chat/fr.html' : 'chat/index.html'));
  });
}

/** The offer is asked for cross-origin by the loader; the origin check itself is in the route. */
function allowCors(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  reply
    .header('access-control-allow-origin', origin)
    .header('access-control-allow-methods', 'GET')
    .header('access-control-max-age', '600')
    .header('vary', 'Origin');
}
