/**
 * The Sites and Queues pages over the console's live connection (managers): reads the sites, the
 * queues and the accounts (for a queue's members) when a page opens and after a reconnection, and
 * sends the managers' changes, keeping the lists as the server answered. Components read it with
 * `useSyncExternalStore`; what to show is sites-state.ts's business.
 */
import type { AccountView } from '../../protocol/accounts.js';
import type { QueueAdminView, QueueCreate, QueueUpdate, SiteAdminView, SiteCheckOrigin, SiteCreate, SiteUpdate } from '../../protocol/admin.js';
import type { AgentCommandResult } from './agent-socket.js';
import type { ConsoleErrorCode } from './console-types.js';
import { withItem } from './sites-state.js';
import type { SendCommand } from './supervision-client.js';

export interface SitesView {
  /** How many pages (Sites, Queues) are shown: the lists are read while one is. */
  openPages: number;
  /** Null until read. */
  sites: SiteAdminView[] | null;
  queues: QueueAdminView[] | null;
  accounts: AccountView[] | null;
  /** Reading failed (and nothing was read before). */
  error: ConsoleErrorCode | null;
}

const CLOSED: SitesView = { openPages: 0, sites: null, queues: null, accounts: null, error: null };

export class SitesClient {
  private view: SitesView = CLOSED;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly send: SendCommand) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SitesView => this.view;

  /** A page is shown: read the lists afresh. */
  async open(): Promise<void> {
    this.publish({ ...this.view, openPages: this.view.openPages + 1 });
    await this.read();
  }

  close(): void {
    this.publish({ ...this.view, openPages: Math.max(0, this.view.openPages - 1) });
  }

  /** After a reconnection: read again what may have changed meanwhile. */
  async resume(): Promise<void> {
    if (this.view.openPages > 0) await this.read();
  }

  async createSite(site: SiteCreate): Promise<AgentCommandResult<'admin:sites:create'>> {
    return this.keptSite(await this.send('admin:sites:create', site));
  }

  async updateSite(change: SiteUpdate): Promise<AgentCommandResult<'admin:sites:update'>> {
    return this.keptSite(await this.send('admin:sites:update', change));
  }

  checkOrigin(request: SiteCheckOrigin): Promise<AgentCommandResult<'admin:sites:check-origin'>> {
    return this.send('admin:sites:check-origin', request);
  }

  async createQueue(queue: QueueCreate): Promise<AgentCommandResult<'admin:queues:create'>> {
    return this.keptQueue(await this.send('admin:queues:create', queue));
  }

  async updateQueue(change: QueueUpdate): Promise<AgentCommandResult<'admin:queues:update'>> {
    return this.keptQueue(await this.send('admin:queues:update', change));
  }

  private keptSite<R extends { ok: true; site: SiteAdminView } | { ok: false; error: { code: ConsoleErrorCode } }>(result: R): R {
    if (result.ok) {
      if (this.view.sites !== null) this.publish({ ...this.view, sites: withItem(this.view.sites, result.site) });
    } else if (result.error.code === 'conflict' || result.error.code === 'not_found') {
      void this.read();
    }
    return result;
  }

  /**
   * The answer carries the queue with its members; the accounts' names and states, all this page
   * shows of them, do not change with it, so nothing more is read (the lists' reads are rate-limited).
   */
  private keptQueue<R extends { ok: true; queue: QueueAdminView } | { ok: false; error: { code: ConsoleErrorCode } }>(result: R): R {
    if (result.ok) {
      if (this.view.queues !== null) this.publish({ ...this.view, queues: withItem(this.view.queues, result.queue) });
    } else if (result.error.code === 'conflict' || result.error.code === 'not_found') {
      void this.read();
    }
    return result;
  }

  private async read(): Promise<void> {
    const [sites, queues, accounts] = await Promise.all([
      this.send('admin:sites:list', {}),
      this.send('admin:queues:list', {}),
      this.send('admin:accounts:list', {}),
    ]);
    if (sites.ok && queues.ok && accounts.ok) {
      this.publish({ ...this.view, sites: sites.sites, queues: queues.queues, accounts: accounts.accounts, error: null });
      return;
    }
    const failed = [sites, queues, accounts].find((result) => !result.ok);
    if (this.view.sites === null && failed !== undefined && !failed.ok) this.publish({ ...this.view, error: failed.error.code });
  }

  private publish(next: SitesView): void {
    this.view = next;
    for (const listener of this.listeners) listener();
  }
}
