/**
 * The soft launch's serving commands for the console (supervisors and managers: `requires` says
 * so): `rollout:preview` (the offer a visitor would get, with every rule's verdict, the hours and
 * the guards) and `rollout:live` (each site's guards and today's exposure). Both read this node's
 * caches and the exposure counts; answers are bounded by the site's topics and queues, the
 * EXPOSURE_TOP_PAGES most exposed pages, and ROLLOUT_LIVE_SITES_MAX sites.
 */
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import { ROLLOUT_LIVE_SITES_MAX } from '../../protocol/rollout-offer.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import type { AgentCommandTable } from './agent-namespace.js';

export type RolloutOfferCommand = Extract<keyof AgentClientEvents, 'rollout:preview' | 'rollout:live'>;

export function rolloutOfferCommands(services: Services): Pick<AgentCommandTable, RolloutOfferCommand> {
  return {
    'rollout:preview': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['rollout:preview'],
      run: async (_agent, { siteId, pageUrl, language, time, visitorId }) => {
        const site = await services.sites.require(siteId);
        return { preview: await services.offers.preview(site, { visitorId, pageUrl, language, time: Date.parse(time) }) };
      },
    },
    'rollout:live': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['rollout:live'],
      run: async (_agent, { siteId }) => {
        const sites = siteId === undefined ? (await services.sites.list()).slice(0, ROLLOUT_LIVE_SITES_MAX) : [await services.sites.require(siteId)];
        return { live: await services.offers.live(sites) };
      },
    },
  };
}
