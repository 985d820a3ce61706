/**
 * Whether a citizen can start a chat on a topic in a language now: the site's switch, its business
 * hours, and someone signed in to answer. "Signed in" means an agent who serves the topic's queue
 * for that language and speaks the language, whose status is Available or Away (Away is a short
 * break: the agent is there and chats wait for them); Offline agents (signed out, or gone past the
 * reconnect grace) do not count.
 */
import type { UnavailableReason } from '../../protocol/hours.js';
import type { Language } from '../../protocol/languages.js';
import { LANGUAGES } from '../../protocol/languages.js';
import type { AgentStatus } from '../../protocol/models.js';
import type { Availability } from './business-hours.js';
import type { Site } from './entities.js';

/** What availability knows of an agent. */
export interface StaffingAgent {
  queueIds: readonly string[];
  languages: readonly Language[];
  status: AgentStatus;
}

/** A topic in a language: can a chat start, and if not, why. */
export interface TopicAvailability {
  topicId: string;
  language: Language;
  available: boolean;
  reason: UnavailableReason | null;
}

/** Whether this status counts as signed in for availability (see the module comment). */
export function isSignedIn(status: AgentStatus): boolean {
  return status === 'available' || status === 'away';
}

/** Whether someone signed in serves `queueId` in `language`. */
export function isStaffed(queueId: string, language: Language, agents: readonly StaffingAgent[]): boolean {
  return agents.some((agent) => isSignedIn(agent.status) && agent.queueIds.includes(queueId) && agent.languages.includes(language));
}

/** Why a new chat cannot start on this site at all now (switch, hours), or null when it can. */
export function siteClosedReason(site: Pick<Site, 'chatEnabled'>, hours: Availability): UnavailableReason | null {
  if (!site.chatEnabled) return 'chat_disabled';
  return hours.open ? null : hours.reason;
}

/** For each topic of the site and each language: can a chat start now, and if not, why. */
export function topicAvailabilities(site: Site, hours: Availability, agents: readonly StaffingAgent[]): TopicAvailability[] {
  const closed = siteClosedReason(site, hours);
  return site.topics.flatMap((topic) =>
    LANGUAGES.map((language) => {
      const reason = closed ?? (isStaffed(topic.queues[language], language, agents) ? null : 'nobody_available');
      return { topicId: topic.id, language, available: reason === null, reason };
    }),
  );
}
