/**
 * The console's inbox over the live connection: loads pages with `inbox:list`, marks messages
 * answered with `inbox:answer`, and applies `inbox:item-created` and `inbox:item-updated` as they
 * come. Components read it with `useSyncExternalStore`.
 */
import type { AgentCommandResult, AgentSocket } from './agent-socket.js';
import { emptyInbox, withInboxItem, withInboxPage, type InboxState } from './inbox-state.js';
import type { InboxAnswer, InboxList } from '../../protocol/agent-events.js';

/** The two commands the inbox sends, through the console's one command path. */
export interface InboxCommands {
  list(payload: InboxList): Promise<AgentCommandResult<'inbox:list'>>;
  answer(payload: InboxAnswer): Promise<AgentCommandResult<'inbox:answer'>>;
}

/** Items per page. */
const PAGE = 20;

export class InboxClient {
  private state: InboxState = emptyInbox;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly commands: InboxCommands) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): InboxState => this.state;

  /** Follows the live events of a (new) connection. */
  listen(socket: AgentSocket): void {
    socket.on('inbox:item-created', (item) => this.update(withInboxItem(this.state, item)));
    socket.on('inbox:item-updated', (item) => this.update(withInboxItem(this.state, item)));
  }

  /** The first page afresh (after every sync: what arrived while disconnected is in it). */
  async reload(): Promise<void> {
    await this.load(true);
  }

  /** The next, older page. */
  async loadMore(): Promise<void> {
    if (this.state.next !== null) await this.load(false);
  }

  /** Marks an item answered; resolves with the refusal's code, or null when done. */
  async answer(itemId: string, note: string): Promise<AgentCommandResult<'inbox:answer'>> {
    const result = await this.commands.answer({ itemId, note });
    if (result.ok) this.update(withInboxItem(this.state, result.item));
    return result;
  }

  private async load(first: boolean): Promise<void> {
    if (this.state.loading) return;
    this.update({ ...this.state, loading: true });
    const before = first ? undefined : (this.state.next ?? undefined);
    const result = await this.commands.list(before === undefined ? { limit: PAGE } : { limit: PAGE, before });
    this.update(result.ok ? withInboxPage(this.state, result.items, result.next, first) : { ...this.state, loading: false });
  }

  private update(next: InboxState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
