/**
 * The console's inbox of left messages, and the pure steps that change it: a page from
 * `inbox:list` (the first replaces, later ones append), and an item heard live (new at the top,
 * an answered one replaced where it is). No I/O here; see inbox-client.ts.
 */
import type { InboxItemView } from '../../protocol/models.js';

export interface InboxState {
  /** Newest first. */
  items: readonly InboxItemView[];
  /** Where the next, older page starts; null when there is none. */
  next: string | null;
  /** True once the first page has come. */
  loaded: boolean;
  loading: boolean;
}

export const emptyInbox: InboxState = { items: [], next: null, loaded: false, loading: false };

/** A page: the first replaces what was held (fresh after a reconnection), a later one goes after it. */
export function withInboxPage(state: InboxState, items: readonly InboxItemView[], next: string | null, first: boolean): InboxState {
  const held = first ? [] : state.items;
  const seen = new Set(held.map((item) => item.id));
  return { items: [...held, ...items.filter((item) => !seen.has(item.id))], next, loaded: true, loading: false };
}

/** An item heard live or answered here: replaced where it is, or put first when new to this console. */
export function withInboxItem(state: InboxState, item: InboxItemView): InboxState {
  const index = state.items.findIndex((held) => held.id === item.id);
  if (index === -1) return { ...state, items: [item, ...state.items] };
  // An answer is final: a late "new" never replaces it.
  if (state.items[index]!.status === 'answered' && item.status === 'new') return state;
  const items = [...state.items];
  items[index] = item;
  return { ...state, items };
}

/** How many of the held items wait for an answer. */
export function unansweredCount(state: InboxState): number {
  return state.items.filter((item) => item.status === 'new').length;
}
