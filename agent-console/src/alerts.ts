/**
 * New-chat alerts, the pure part: which arrivals alert the agent, what the tab title says until
 * they look, and what an alert does (a tone, a desktop notification). No I/O here: the console
 * client records arrivals (console-client.ts), the screen plays and shows them (ConsoleScreen.tsx,
 * alert-output.ts).
 */
import { openChats, unreadCount, type Arrival, type ConsoleState } from './console-state.js';

/**
 * Whether a chat arriving now should alert the agent: one given to them, always; one waiting in a
 * queue they pick from, only when they could take it (available, with room). An agent who is away
 * or full is not disturbed by chats they cannot accept; the list still shows them.
 */
export function shouldAlert(arrival: Arrival, state: Pick<ConsoleState, 'agent' | 'chats'>): boolean {
  if (arrival.kind === 'assigned') return true;
  return state.agent.status === 'available' && openChats(state.chats) < state.agent.maxConcurrentChats;
}

/**
 * Records the arrivals that alert (`shouldAlert`): as the latest alert, for the tone and the
 * notification, and as unseen for the tab title, unless the agent is looking at the console.
 */
export function withAlert(state: ConsoleState, arrivals: readonly Arrival[], looking: boolean): ConsoleState {
  const alerting = arrivals.filter((arrival) => shouldAlert(arrival, state));
  if (alerting.length === 0) return state;
  const fresh = looking ? [] : alerting.map((arrival) => arrival.conversation.id).filter((id) => !state.unseen.includes(id));
  return {
    ...state,
    unseen: fresh.length === 0 ? state.unseen : [...state.unseen, ...fresh],
    alert: { id: (state.alert?.id ?? 0) + 1, arrivals: alerting },
  };
}

/** The agent looked at the console (it is visible and focused): nothing is new any more. */
export function markLooked(state: ConsoleState): ConsoleState {
  return state.unseen.length === 0 ? state : { ...state, unseen: [] };
}

/**
 * How many chats need the agent: new ones they have not looked at yet (while still waiting or
 * held), and held ones with unread visitor messages. Each chat counts once.
 */
export function attentionCount(state: Pick<ConsoleState, 'unseen' | 'queue' | 'chats'>): number {
  const present = new Set([...state.queue.map((entry) => entry.id), ...state.chats.map((chat) => chat.conversation.id)]);
  const needing = new Set(state.unseen.filter((id) => present.has(id)));
  for (const chat of state.chats) if (unreadCount(chat) > 0) needing.add(chat.conversation.id);
  return needing.size;
}

/** The tab title: the count first, so that it shows in a narrow tab ("(2) Chat console"). */
export function titleText(productName: string, count: number): string {
  return count > 0 ? `(${count}) ${productName}` : productName;
}

/** Whether the browser can show desktop notifications, and what the agent allowed. */
export type NotificationAccess = NotificationPermission | 'unsupported';

/**
 * What one alert does: the tone unless the agent turned it off; a desktop notification only when
 * the console is hidden (a visible console already shows the chat) and the agent allowed them.
 */
export function alertActions(context: { soundOn: boolean; pageHidden: boolean; notifications: NotificationAccess }): {
  sound: boolean;
  notify: boolean;
} {
  return { sound: context.soundOn, notify: context.pageHidden && context.notifications === 'granted' };
}
