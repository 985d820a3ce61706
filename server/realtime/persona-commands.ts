/**
 * A site's persona on one console connection (`admin:persona:get`, `admin:persona:save`), managers
 * only: `requires` says so, and the service checks the role again. Answers are bounded by the
 * persona schema's own sizes (protocol/persona.ts) and the three presets.
 */
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import type { PersonaView } from '../../protocol/persona.js';
import type { Persona } from '../domain/persona.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import type { AgentCommandTable } from './agent-namespace.js';

export type PersonaCommand = Extract<keyof AgentClientEvents, `admin:persona:${string}` | `persona:${string}`>;

export function personaCommands(services: Services): Pick<AgentCommandTable, PersonaCommand> {
  return {
    'persona:tone-notes': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['persona:tone-notes'],
      run: async (_agent, { siteId }) => ({ toneNotes: await services.personas.toneNotes(siteId) }),
    },
    'admin:persona:get': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:persona:get'],
      run: async (agent, { siteId }) => {
        const { persona, presets } = await services.personas.get(agent, siteId);
        return { persona: personaView(persona), presets: structuredClone([...presets]) };
      },
    },
    'admin:persona:save': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:persona:save'],
      run: async (agent, { siteId, expectedVersion, persona }) => ({
        persona: personaView(await services.personas.save(agent, siteId, expectedVersion, persona)),
      }),
    },
  };
}

/** The stored persona as the console sees it (times as ISO 8601; version 0 has never been saved). */
export function personaView(persona: Persona): PersonaView {
  const { updatedAt, ...fields } = structuredClone(persona);
  return { ...fields, updatedAt: persona.version === 0 ? null : new Date(updatedAt).toISOString() };
}
