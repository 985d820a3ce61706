/**
 * The Accounts page over the console's live connection (managers): reads every account
 * (`admin:accounts:list`) when the page opens and after a reconnection, and sends the managers'
 * changes, keeping the list as the server answered. Also changing one's own password (everyone).
 * Components read it with `useSyncExternalStore`; what to show is accounts-state.ts's business.
 */
import type { AccountCreate, AccountUpdate, AccountView, ChangePassword } from '../../protocol/accounts.js';
import type { PublicNameDecision } from '../../protocol/public-name.js';
import type { AgentCommandResult, AgentSocket } from './agent-socket.js';
import { withAccount } from './accounts-state.js';
import type { ConsoleErrorCode } from './console-types.js';
import type { SendCommand } from './supervision-client.js';

export interface AccountsView {
  open: boolean;
  /** Null until read. */
  accounts: AccountView[] | null;
  /** Reading failed (and nothing was read before). */
  error: ConsoleErrorCode | null;
}

const CLOSED: AccountsView = { open: false, accounts: null, error: null };

export class AccountsClient {
  private view: AccountsView = CLOSED;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly send: SendCommand) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): AccountsView => this.view;

  /** The page is shown: read the accounts afresh. */
  async open(): Promise<void> {
    this.publish({ ...this.view, open: true });
    await this.read();
  }

  close(): void {
    this.publish({ ...this.view, open: false });
  }

  /** Managers' consoles hear of every account change (a public name proposed or decided among them). */
  listen(socket: AgentSocket): void {
    socket.on('admin:account-changed', (account) => {
      if (this.view.accounts !== null) this.publish({ ...this.view, accounts: withAccount(this.view.accounts, account) });
    });
  }

  async decidePublicName(agentId: string, name: string, decision: PublicNameDecision): Promise<AgentCommandResult<'admin:accounts:decide-public-name'>> {
    const result = await this.send('admin:accounts:decide-public-name', { agentId, name, decision });
    if (!result.ok && result.error.code === 'not_pending') void this.read();
    return this.kept(result);
  }

  /** After a reconnection: read again what may have changed meanwhile. */
  async resume(): Promise<void> {
    if (this.view.open) await this.read();
  }

  async create(account: AccountCreate): Promise<AgentCommandResult<'admin:accounts:create'>> {
    return this.kept(await this.send('admin:accounts:create', account));
  }

  async update(change: AccountUpdate): Promise<AgentCommandResult<'admin:accounts:update'>> {
    return this.kept(await this.send('admin:accounts:update', change));
  }

  async deactivate(agentId: string): Promise<AgentCommandResult<'admin:accounts:deactivate'>> {
    return this.kept(await this.send('admin:accounts:deactivate', { agentId }));
  }

  async resetPassword(agentId: string): Promise<AgentCommandResult<'admin:accounts:reset-password'>> {
    return this.kept(await this.send('admin:accounts:reset-password', { agentId }));
  }

  async reactivate(agentId: string): Promise<AgentCommandResult<'admin:accounts:reactivate'>> {
    return this.kept(await this.send('admin:accounts:reactivate', { agentId }));
  }

  /** Changes the signed-in account's own password; null when done. */
  async changePassword(change: ChangePassword): Promise<ConsoleErrorCode | null> {
    const result = await this.send('account:change-password', change);
    return result.ok ? null : result.error.code;
  }

  /** An answer that carries an account puts it in the list; a refusal may mean the list is stale. */
  private kept<R extends { ok: true; account: AccountView } | { ok: false; error: { code: ConsoleErrorCode } }>(result: R): R {
    if (result.ok) {
      if (this.view.accounts !== null) this.publish({ ...this.view, accounts: withAccount(this.view.accounts, result.account) });
    } else if (result.error.code === 'conflict' || result.error.code === 'not_found') {
      void this.read();
    }
    return result;
  }

  private async read(): Promise<void> {
    const result = await this.send('admin:accounts:list', {});
    if (result.ok) this.publish({ ...this.view, accounts: result.accounts, error: null });
    else if (this.view.accounts === null) this.publish({ ...this.view, error: result.error.code });
  }

  private publish(next: AccountsView): void {
    this.view = next;
    for (const listener of this.listeners) listener();
  }
}
