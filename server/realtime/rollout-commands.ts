/**
 * Soft launch governance commands (protocol/rollout.ts): supervisors read, managers change.
 * `requires` holds the least role; the governance service checks again.
 */
import type { Socket } from 'socket.io';
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import { AppError } from '../domain/app-error.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import type { AgentCommandTable } from './agent-namespace.js';

export type RolloutCommand = Extract<keyof AgentClientEvents, `rollout:${string}`>;

const notYet = (): never => {
  throw new AppError('unavailable', 'Rollout governance is being built: not available on this server yet.');
};

/** The governance commands of one console connection. */
export function rolloutCommands(_services: Services, _socket: Socket): Pick<AgentCommandTable, RolloutCommand> {
  return {
    'rollout:state': { requires: 'supervisor', rate: AGENT_COMMAND_RATES['rollout:state'], run: async () => notYet() },
    'rollout:propose': { requires: 'manager', rate: AGENT_COMMAND_RATES['rollout:propose'], run: async () => notYet() },
    'rollout:edit': { requires: 'manager', rate: AGENT_COMMAND_RATES['rollout:edit'], run: async () => notYet() },
    'rollout:approve': { requires: 'manager', rate: AGENT_COMMAND_RATES['rollout:approve'], run: async () => notYet() },
    'rollout:withdraw': { requires: 'manager', rate: AGENT_COMMAND_RATES['rollout:withdraw'], run: async () => notYet() },
    'rollout:pause-schedule': { requires: 'manager', rate: AGENT_COMMAND_RATES['rollout:pause-schedule'], run: async () => notYet() },
    'rollout:resume-schedule': { requires: 'manager', rate: AGENT_COMMAND_RATES['rollout:resume-schedule'], run: async () => notYet() },
    'rollout:audit': { requires: 'supervisor', rate: AGENT_COMMAND_RATES['rollout:audit'], run: async () => notYet() },
  };
}
