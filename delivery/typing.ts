/**
 * "…is typing", shared by the chat app and the console. The sender says `true` at most once every
 * TYPING_REFRESH_MS while its person types, and `false` when they send, clear the field, leave it,
 * or pause for TYPING_IDLE_MS. The receiver shows it until `false` comes, or until TYPING_EXPIRY_MS
 * pass without news: the signals are volatile (a lost one is not resent), so a lost "stop" or a
 * closed tab must not leave it on. The server relays them to the other side only, never stored,
 * and limits them per connection (server/domain/rate-policies.ts), well above this pace.
 */

/** While typing, "still typing" is said again this often, and not more. */
export const TYPING_REFRESH_MS = 2000;
/** A pause this long counts as having stopped. */
export const TYPING_IDLE_MS = 4000;
/** The receiver forgets a "typing" this long after the last one: over two refreshes missed. */
export const TYPING_EXPIRY_MS = 6000;

/** Time and timers, so that tests can drive them. */
export interface TypingTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserTimers: TypingTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface TypingSender {
  /** The person typed (call on every input event; the sender decides when to say so). */
  input(): void;
  /** The person stopped: sent, cleared, left. Says `false` if `true` was said. */
  stop(): void;
}

/** Throttles one person's typing into `send(true)` / `send(false)` signals (see the module comment). */
export function createTypingSender(send: (typing: boolean) => void, timers: TypingTimers = browserTimers): TypingSender {
  let typing = false;
  let lastSent = 0;
  let idle: unknown;
  const stop = (): void => {
    timers.clearTimeout(idle);
    if (!typing) return;
    typing = false;
    send(false);
  };
  return {
    input: () => {
      const now = timers.now();
      if (!typing || now - lastSent >= TYPING_REFRESH_MS) {
        typing = true;
        lastSent = now;
        send(true);
      }
      timers.clearTimeout(idle);
      idle = timers.setTimeout(stop, TYPING_IDLE_MS);
    },
    stop,
  };
}

export interface TypingReceiver {
  /** A signal arrived for `key` (a conversation). */
  heard(key: string, typing: boolean): void;
  /** Forget `key` at once (its person's message arrived; the chat closed). */
  clear(key: string): void;
}

/** Turns the other side's signals into on/off changes, expiring by itself (see the module comment). */
export function createTypingReceiver(
  onChange: (key: string, typing: boolean) => void,
  timers: TypingTimers = browserTimers,
): TypingReceiver {
  const expiries = new Map<string, unknown>();
  const clear = (key: string): void => {
    if (!expiries.has(key)) return;
    timers.clearTimeout(expiries.get(key));
    expiries.delete(key);
    onChange(key, false);
  };
  return {
    heard: (key, typing) => {
      if (!typing) return clear(key);
      const wasOn = expiries.has(key);
      timers.clearTimeout(expiries.get(key));
      expiries.set(
        key,
        timers.setTimeout(() => clear(key), TYPING_EXPIRY_MS),
      );
      if (!wasOn) onChange(key, true);
    },
    clear,
  };
}
