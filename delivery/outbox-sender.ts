/**
 * Delivers one outbox over a connection, one message at a time, in order (see outbox.ts). The
 * only stateful piece of delivery: it owns the retry timer and knows which attempt is current.
 * It holds no socket and no UI state; the client gives it a port to both.
 */
import { isRetryable } from './failure.js';
import { holdAll, markSending, nextToSend, settle, type Outbox, type OutboxItem, type SendOutcome } from './outbox.js';

/** How an outbox sender reaches the client's state and connection. */
export interface OutboxPort {
  /** The outbox as it is now. */
  read(): Outbox;
  /** Stores a changed outbox (and redraws). */
  write(outbox: Outbox): void;
  /** Whether a command can be sent now. */
  connected(): boolean;
  /**
   * Sends one item and answers the outcome; never rejects. On success the client merges the
   * acknowledged message itself (which also retires the item); the sender only settles the outbox.
   */
  send(item: OutboxItem): Promise<SendOutcome>;
}

/** Sends an outbox's head until the line is empty, refused or held. */
export interface OutboxSender {
  /** Sends what is waiting, unless a resend is already scheduled or the head is on the wire. */
  flush(): void;
  /** The connection dropped: the message on the wire waits again; the next `flush` resends from the head. */
  hold(): void;
  /** Forgets any attempt in flight and any scheduled resend (the client is closing, or starting afresh). */
  cancel(): void;
}

/** First pause before resending after a retryable failure; it doubles up to the maximum. */
export const RETRY_FIRST_MS = 1_000;
/** Longest pause between two resends while connected. */
export const RETRY_MAX_MS = 30_000;

/**
 * A sender for one outbox. A closure rather than a class: the chat app is compiled for older
 * browsers, where class fields cost a helper and names that do not minify.
 */
export function createOutboxSender(port: OutboxPort): OutboxSender {
  /** Bumped when the connection drops, so that the outcome of an older attempt is ignored. */
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = RETRY_FIRST_MS;

  /**
   * The outbox itself is the lock: an item marked `sending` stops any other run from starting, so
   * two runs never put two items on the wire.
   */
  const run = async (): Promise<void> => {
    for (;;) {
      if (!port.connected()) return;
      const item = nextToSend(port.read());
      if (item === null) return;
      port.write(markSending(port.read(), item.clientId));
      const current = attempt;
      const outcome = await port.send(item);
      // Held meanwhile: the item is waiting again, and the run started by the reconnection sends it.
      if (current !== attempt) return;
      port.write(settle(port.read(), item.clientId, outcome));
      if (outcome.ok) {
        retryDelay = RETRY_FIRST_MS;
      } else if (isRetryable(outcome.error.code)) {
        // While connected, resend after a growing pause; a reconnection resends at once anyway.
        if (port.connected()) {
          retryTimer = setTimeout(() => {
            retryTimer = undefined;
            void run();
          }, retryDelay);
          retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
        }
        return;
      }
    }
  };

  const cancel = (): void => {
    attempt++;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    retryDelay = RETRY_FIRST_MS;
  };

  return {
    flush: () => {
      if (retryTimer === undefined) void run();
    },
    hold: () => {
      cancel();
      port.write(holdAll(port.read()));
    },
    cancel,
  };
}
