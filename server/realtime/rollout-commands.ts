/**
 * Soft launch governance commands (protocol/rollout.ts): supervisors read, managers change.
 * `requires` holds the least role; the governance service checks again. Opening the Rollout page
 * (`rollout:state`) joins the rollout room, which hears `rollout:changed` from every node.
 */
import type { Socket } from 'socket.io';
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import { AUDIT_PAGE_MAX } from '../../protocol/limits.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import { auditEntryViews, changeViews, rolloutPolicyView, rolloutStateView } from '../services/governance-views.js';
import type { Services } from '../services/index.js';
import type { AgentCommandTable } from './agent-namespace.js';
import { rooms } from './rooms.js';

/** The governance commands (rollout-offer-commands.ts has the preview and the live view). */
export type RolloutCommand = Extract<
  keyof AgentClientEvents,
  | 'rollout:state'
  | 'rollout:propose'
  | 'rollout:edit'
  | 'rollout:approve'
  | 'rollout:withdraw'
  | 'rollout:pause-schedule'
  | 'rollout:resume-schedule'
  | 'rollout:audit'
  | 'audit:verify'
>;

/** An audit page when the console does not say how long. */
const AUDIT_PAGE_DEFAULT = 20;

/** ISO 8601 (validated by the schema) to milliseconds; absent or null: as soon as allowed. */
const applyTime = (applyAt: string | null | undefined): number | null => (applyAt == null ? null : Date.parse(applyAt));

/** The governance commands of one console connection. */
export function rolloutCommands(services: Services, socket: Socket): Pick<AgentCommandTable, RolloutCommand> {
  const { governance, store } = services;
  const oneChange = async (change: Parameters<typeof changeViews>[1][number]) => (await changeViews(store, [change]))[0]!;
  return {
    'rollout:state': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['rollout:state'],
      run: async (agent, { siteId }) => {
        // Joined before reading, so that no change falls between the answer and the nudges.
        await socket.join(rooms.rollout());
        return { state: await rolloutStateView(store, await governance.state(agent, siteId)) };
      },
    },
    'rollout:propose': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['rollout:propose'],
      run: async (agent, { siteId, from, settings, reason, applyAt }) => {
        const { change, policy } = await governance.propose(agent, { siteId, from, settings, reason, applyAt: applyTime(applyAt) });
        return { change: await oneChange(change), policy: rolloutPolicyView(policy) };
      },
    },
    'rollout:edit': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['rollout:edit'],
      run: async (agent, { changeId, version, settings, reason, applyAt }) => {
        const { change } = await governance.edit(agent, { changeId, version, settings, reason, applyAt: applyTime(applyAt) });
        return { change: await oneChange(change) };
      },
    },
    'rollout:approve': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['rollout:approve'],
      run: async (agent, { changeId, version }) => {
        const { change, policy } = await governance.approve(agent, changeId, version);
        return { change: await oneChange(change), policy: rolloutPolicyView(policy) };
      },
    },
    'rollout:withdraw': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['rollout:withdraw'],
      run: async (agent, { changeId, version }) => ({ change: await oneChange((await governance.withdraw(agent, changeId, version)).change) }),
    },
    'rollout:pause-schedule': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['rollout:pause-schedule'],
      run: async (agent, { siteId }) => governance.setSchedulePaused(agent, siteId, true),
    },
    'rollout:resume-schedule': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['rollout:resume-schedule'],
      run: async (agent, { siteId }) => governance.setSchedulePaused(agent, siteId, false),
    },
    'rollout:audit': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['rollout:audit'],
      run: async (agent, { before, limit }) => {
        const page = await governance.auditPage(agent, before, Math.min(limit ?? AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX));
        return { entries: await auditEntryViews(store, page.entries), next: page.next };
      },
    },
    'audit:verify': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['audit:verify'],
      run: async (agent) => {
        const { from, to, brokenAt, at } = await governance.verifyAudit(agent);
        return { verification: { from, to, brokenAt, at: new Date(at).toISOString() } };
      },
    },
  };
}
