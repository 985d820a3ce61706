/**
 * Whether the launcher is offered to a visitor on a page. Today: the site exists and its chat is
 * switched on. This is where the soft-launch rules (share of visitors, pages, hours, language,
 * capacity) will be evaluated, with the time passed in.
 */
import type { Language } from '../../protocol/languages.js';
import type { Site } from './entities.js';

export interface OfferRequest {
  pageUrl: string;
  language: Language;
}

export type OfferDecision = { offered: true } | { offered: false; reason: 'chat_disabled' };

export function decideOffer(site: Site, _request: OfferRequest, _now: number): OfferDecision {
  return site.chatEnabled ? { offered: true } : { offered: false, reason: 'chat_disabled' };
}
