/**
 * The product's own OpenFeature provider (issue #8, point 8): the flag `chat-offer` is the offer
 * OfferService makes, for the context `targetingKey` (the visitor id), `siteId`, `pageUrl`,
 * `language` (and `resume`, the loader's word that a chat is under way, checked by the service;
 * `clientAddress`, the browser's address, which caps how many visitors one address adds to the
 * exposure counts).
 * As an object it is the whole offer (protocol/rollout-offer.ts `ChatOffer`); as a boolean,
 * whether the launcher is shown; as a string, the offer's state. The offer route asks an
 * OpenFeature client with this provider, and OFREP answers from the same client, so a host site's
 * server or another OpenFeature client gets the same answer as the loader.
 */
import { randomUUID } from 'node:crypto';
import {
  FlagNotFoundError,
  InvalidContextError,
  OpenFeature,
  StandardResolutionReasons,
  TypeMismatchError,
  type Client,
  type EvaluationContext,
  type JsonValue,
  type Logger,
  type Provider,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import { LANGUAGES, type Language } from '../../protocol/languages.js';
import { CHAT_OFFER_FLAG, VisitorIdSchema, type ChatOffer } from '../../protocol/rollout-offer.js';
import { AppError } from '../domain/app-error.js';
import type { OfferRequest, OfferService } from './offer-service.js';

/** What a context must carry, checked before any rule runs. */
function requestOf(flagKey: string, context: EvaluationContext): OfferRequest & { siteId: string } {
  if (flagKey !== CHAT_OFFER_FLAG) throw new FlagNotFoundError(`No flag "${flagKey}"; this service serves "${CHAT_OFFER_FLAG}".`);
  const { targetingKey, siteId, pageUrl, language, resume, clientAddress } = context;
  if (typeof targetingKey !== 'string' || !VisitorIdSchema.safeParse(targetingKey).success) {
    throw new InvalidContextError('targetingKey must be the visitor id: 16 to 64 characters A-Z, a-z, 0-9, _ or -.');
  }
  if (typeof siteId !== 'string' || siteId.length === 0 || siteId.length > 64) throw new InvalidContextError('siteId must be a site id.');
  if (typeof pageUrl !== 'string' || pageUrl.length > 2000 || !/^https?:\/\//.test(pageUrl) || !URL.canParse(pageUrl)) {
    throw new InvalidContextError('pageUrl must be an http or https address.');
  }
  if (typeof language !== 'string' || !(LANGUAGES as readonly string[]).includes(language)) throw new InvalidContextError('language must be en or fr.');
  if (resume !== undefined && typeof resume !== 'boolean') throw new InvalidContextError('resume, when given, must be true or false.');
  if (clientAddress !== undefined && (typeof clientAddress !== 'string' || clientAddress.length > 100)) {
    throw new InvalidContextError('clientAddress, when given, must be an address.');
  }
  return {
    siteId,
    visitorId: targetingKey,
    pageUrl,
    language: language as Language,
    resume: resume === true,
    ...(clientAddress === undefined ? {} : { address: clientAddress }),
  };
}

/** OpenFeature's reason for an offer: off by the kill switch, by the share (a split), or by targeting. */
function reasonOf(offer: ChatOffer): string {
  if (offer.reason === 'chat_disabled') return StandardResolutionReasons.DISABLED;
  if (offer.reason === 'share') return StandardResolutionReasons.SPLIT;
  return StandardResolutionReasons.TARGETING_MATCH;
}

export class ChatOfferProvider implements Provider {
  readonly metadata = { name: 'gov-chat-rollout' } as const;
  readonly runsOn = 'server' as const;

  constructor(private readonly offers: OfferService) {}

  /** The offer for a context; the errors OpenFeature names for a bad flag or context. */
  async offer(flagKey: string, context: EvaluationContext): Promise<ChatOffer> {
    const request = requestOf(flagKey, context);
    const site = await this.offers.siteOf(request.siteId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') throw new InvalidContextError(`siteId "${request.siteId}" is not a site of this service.`);
      throw error;
    });
    return this.offers.offerFor(site, request);
  }

  async resolveObjectEvaluation<T extends JsonValue>(flagKey: string, _default: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    const offer = await this.offer(flagKey, context);
    return { value: offer as unknown as T, variant: offer.state, reason: reasonOf(offer) };
  }

  async resolveBooleanEvaluation(flagKey: string, _default: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    const offer = await this.offer(flagKey, context);
    return { value: offer.offered, variant: offer.state, reason: reasonOf(offer) };
  }

  async resolveStringEvaluation(flagKey: string, _default: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    const offer = await this.offer(flagKey, context);
    return { value: offer.state, variant: offer.state, reason: reasonOf(offer) };
  }

  async resolveNumberEvaluation(flagKey: string): Promise<ResolutionDetails<number>> {
    if (flagKey !== CHAT_OFFER_FLAG) throw new FlagNotFoundError(`No flag "${flagKey}"; this service serves "${CHAT_OFFER_FLAG}".`);
    throw new TypeMismatchError(`"${flagKey}" is an object (the offer), a boolean or a string, not a number.`);
  }
}

/**
 * An OpenFeature client bound to this server's provider, in a domain of its own (several servers
 * may run in one process, as in tests; the SDK's registry is global).
 */
export function chatOfferClient(offers: OfferService, logger: Logger): { client: Client; provider: ChatOfferProvider } {
  const domain = `gov-chat-${randomUUID()}`;
  const provider = new ChatOfferProvider(offers);
  OpenFeature.setProvider(domain, provider);
  const client = OpenFeature.getClient(domain);
  client.setLogger(logger);
  return { client, provider };
}
