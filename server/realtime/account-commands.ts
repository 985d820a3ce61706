/**
 * Account commands of one console connection: administration (`admin:accounts:*`, managers only:
 * `requires` says so, and the service checks the role again) and changing one's own password
 * (`account:change-password`, everyone), which needs the connection's session: the session that
 * changed the password stays signed in, the account's others end.
 */
import type { Socket } from 'socket.io';
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import { accountView, agentProfileView, passwordLinkView } from '../services/views.js';
import type { AgentCommandTable } from './agent-namespace.js';

export type AccountCommand = Extract<keyof AgentClientEvents, `admin:accounts:${string}` | 'account:change-password' | 'account:propose-public-name'>;

export interface AccountCommandOptions {
  /** `PUBLIC_URL`, when set: where one-time links point. */
  publicUrl: string | undefined;
}

/** The commands of one console connection, whose session is `sessionId`. */
export function accountCommands(
  services: Services,
  socket: Pick<Socket, 'handshake'>,
  sessionId: string,
  options: AccountCommandOptions,
): Pick<AgentCommandTable, AccountCommand> {
  // Links point at the public address, or else at the origin this console proved at its handshake.
  const linkBase = (): { linkBase: string } => ({
    linkBase: (options.publicUrl ?? socket.handshake.headers.origin ?? `http://${socket.handshake.headers.host ?? '127.0.0.1'}`).replace(/\/+$/, ''),
  });
  return {
    'admin:accounts:list': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:accounts:list'],
      run: async (agent) => ({ accounts: (await services.accounts.list(agent)).map(accountView) }),
    },
    'admin:accounts:create': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:accounts:create'],
      run: async (agent, input) => {
        const { agent: created, link } = await services.accounts.create(agent, input, linkBase());
        return { account: accountView(created), link: passwordLinkView(link) };
      },
    },
    'admin:accounts:update': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:accounts:update'],
      run: async (agent, { agentId, ...change }) => ({ account: accountView(await services.accounts.update(agent, agentId, change)) }),
    },
    'admin:accounts:deactivate': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:accounts:deactivate'],
      run: async (agent, { agentId }) => ({ account: accountView(await services.accounts.deactivate(agent, agentId)) }),
    },
    'admin:accounts:reset-password': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:accounts:reset-password'],
      run: async (agent, { agentId }) => {
        const { agent: account, link } = await services.accounts.resetPassword(agent, agentId, linkBase());
        return { account: accountView(account), link: passwordLinkView(link) };
      },
    },
    'admin:accounts:reactivate': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:accounts:reactivate'],
      run: async (agent, { agentId }) => {
        const { agent: account, link } = await services.accounts.reactivate(agent, agentId, linkBase());
        return { account: accountView(account), link: passwordLinkView(link) };
      },
    },
    'admin:accounts:decide-public-name': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:accounts:decide-public-name'],
      run: async (agent, { agentId, name, decision }) => ({
        account: accountView(await services.accounts.decidePublicName(agent, agentId, name, decision)),
      }),
    },
    // Always the signed-in account's own: the payload names no account.
    'account:propose-public-name': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['account:propose-public-name'],
      run: async (agent, { name }) => {
        const after = await services.accounts.proposePublicName(agent, name);
        return { agent: agentProfileView(after, await services.presence.statusOf(after.id)) };
      },
    },
    'account:change-password': {
      requires: 'agent',
      rate: AGENT_COMMAND_RATES['account:change-password'],
      run: async (agent, { currentPassword, newPassword }) => {
        await services.accounts.changeOwnPassword(agent, sessionId, currentPassword, newPassword);
        return {};
      },
    },
  };
}
