/**
 * The `postMessage` contract between the loader on the host page and the chat app in the iframe.
 * Hand-written guards instead of schemas: the loader must stay under its size budget. Both sides
 * also check the sender's origin and window before trusting a message.
 */
import { isQuickExitUrl } from './privacy.js';

export const FRAME_CHANNEL = 'gov-chat/1';

/** Messages the chat app sends to the loader. */
export type FrameToHost =
  | { channel: typeof FRAME_CHANNEL; type: 'ready' }
  /**
   * Close the panel. `exit` (https) when the citizen pressed Escape on a site with a quick exit:
   * a second Escape within QUICK_EXIT_ESCAPE_WINDOW_MS, now on the launcher, leaves for it.
   */
  | { channel: typeof FRAME_CHANNEL; type: 'close-requested'; exit?: string }
  /** The chat is cleared from the tab: leave the page for `url` (https) at once. */
  | { channel: typeof FRAME_CHANNEL; type: 'quick-exit'; url: string }
  | { channel: typeof FRAME_CHANNEL; type: 'unread'; count: number }
  /** Whether a conversation is under way, so the loader reopens the panel after a reload. */
  | { channel: typeof FRAME_CHANNEL; type: 'conversation'; active: boolean };

/** Messages the loader sends to the chat app. */
export type HostToFrame =
  /** The panel is showing; `focus` when the visitor just opened it (move focus into the chat). */
  | { channel: typeof FRAME_CHANNEL; type: 'opened'; focus: boolean }
  | { channel: typeof FRAME_CHANNEL; type: 'closed' }
  /** The second Escape reached the launcher: clear the chat, then answer `quick-exit`. */
  | { channel: typeof FRAME_CHANNEL; type: 'quick-exit' };

function onChannel(data: unknown): data is { channel: string; type: unknown } {
  return typeof data === 'object' && data !== null && (data as { channel?: unknown }).channel === FRAME_CHANNEL;
}

export function isFrameToHost(data: unknown): data is FrameToHost {
  if (!onChannel(data)) return false;
  const message = data as { type: unknown; count?: unknown; active?: unknown; exit?: unknown; url?: unknown };
  switch (message.type) {
    case 'ready':
      return true;
    case 'close-requested':
      return message.exit === undefined || isQuickExitUrl(message.exit);
    case 'quick-exit':
      return isQuickExitUrl(message.url);
    case 'unread':
      return typeof message.count === 'number' && message.count >= 0;
    case 'conversation':
      return typeof message.active === 'boolean';
    default:
      return false;
  }
}

export function isHostToFrame(data: unknown): data is HostToFrame {
  if (!onChannel(data)) return false;
  if (data.type === 'closed' || data.type === 'quick-exit') return true;
  return data.type === 'opened' && typeof (data as { focus?: unknown }).focus === 'boolean';
}
