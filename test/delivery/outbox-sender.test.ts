import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failure } from '../../delivery/failure.js';
import { confirm, enqueue, retry, type Outbox, type OutboxItem, type SendOutcome } from '../../delivery/outbox.js';
import { createOutboxSender, RETRY_FIRST_MS } from '../../delivery/outbox-sender.js';

/** A client around one outbox, whose sends wait until the test answers them. */
function harness() {
  let outbox: Outbox = [];
  const calls: Array<{ item: OutboxItem; answer: (outcome: SendOutcome) => void }> = [];
  const server: string[] = [];
  const port = {
    connected: true,
    read: () => outbox,
    write: (next: Outbox) => {
      outbox = next;
    },
    send: (item: OutboxItem) =>
      new Promise<SendOutcome>((resolve) => {
        calls.push({
          item,
          answer: (outcome) => {
            if (outcome.ok) {
              if (!server.includes(item.clientId)) server.push(item.clientId);
              // As the clients do: the acknowledged message is merged, which retires the item.
              outbox = confirm(outbox, item.clientId);
            }
            resolve(outcome);
          },
        });
      }),
  };
  const sender = createOutboxSender({
    read: port.read,
    write: port.write,
    send: port.send,
    connected: () => port.connected,
  });
  const write = (...ids: string[]) => {
    for (const id of ids) outbox = enqueue(outbox, id, id);
    sender.flush();
  };
  /** Answers the latest call and lets the sender carry on. */
  const answer = async (outcome: SendOutcome) => {
    calls.at(-1)?.answer(outcome);
    await vi.advanceTimersByTimeAsync(0);
  };
  return { port, sender, calls, server, write, answer, outbox: () => outbox, sentIds: () => calls.map((call) => call.item.clientId) };
}

describe('outbox sender', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends one message at a time, in the order written', async () => {
    const h = harness();
    h.write('a', 'b');
    h.write('c');
    h.sender.flush();
    expect(h.sentIds()).toEqual(['a']);
    await h.answer({ ok: true });
    expect(h.sentIds()).toEqual(['a', 'b']);
    await h.answer({ ok: true });
    await h.answer({ ok: true });
    expect(h.server).toEqual(['a', 'b', 'c']);
    expect(h.outbox()).toEqual([]);
  });

  it('holds the line after a retryable failure and resends the head after a growing pause', async () => {
    const h = harness();
    h.write('a', 'b');
    await h.answer(failure('unavailable'));
    expect(h.outbox().map((item) => item.status)).toEqual(['waiting', 'waiting']);
    // A new message does not jump the pause, nor the line.
    h.write('c');
    expect(h.sentIds()).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS);
    expect(h.sentIds()).toEqual(['a', 'a']);
    await h.answer(failure('rate_limited'));
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS);
    expect(h.sentIds()).toEqual(['a', 'a']);
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS);
    expect(h.sentIds()).toEqual(['a', 'a', 'a']);
    await h.answer({ ok: true });
    await h.answer({ ok: true });
    await h.answer({ ok: true });
    expect(h.server).toEqual(['a', 'b', 'c']);
  });

  it('lets the next go after a refusal, and a retried message waits its turn', async () => {
    const h = harness();
    h.write('a', 'b', 'c');
    await h.answer(failure('invalid_payload'));
    expect(h.sentIds()).toEqual(['a', 'b']);
    h.port.write(retry(h.outbox(), 'a'));
    h.sender.flush();
    // b is on the wire: a goes after it, not alongside it.
    expect(h.sentIds()).toEqual(['a', 'b']);
    await h.answer({ ok: true });
    await h.answer({ ok: true });
    await h.answer({ ok: true });
    expect(h.server).toEqual(['b', 'a', 'c']);
  });

  it('resends from the head after a reconnection, ignoring the answer of the lost attempt', async () => {
    const h = harness();
    h.write('a', 'b');
    const lost = h.calls[0];
    h.port.connected = false;
    h.sender.hold();
    expect(h.outbox().map((item) => item.status)).toEqual(['waiting', 'waiting']);
    h.sender.flush();
    expect(h.sentIds()).toEqual(['a']);
    h.port.connected = true;
    h.sender.flush();
    expect(h.sentIds()).toEqual(['a', 'a']);
    expect(h.calls[1]?.item.clientId).toBe(lost?.item.clientId);
    // The old attempt fails late: the resend on the wire is not disturbed.
    lost?.answer(failure('disconnected'));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.outbox()[0]?.status).toBe('sending');
    expect(h.sentIds()).toEqual(['a', 'a']);
    await h.answer({ ok: true });
    await h.answer({ ok: true });
    expect(h.server).toEqual(['a', 'b']);
  });

  it('sends nothing while disconnected, and cancels a scheduled resend', async () => {
    const h = harness();
    h.port.connected = false;
    h.write('a');
    expect(h.sentIds()).toEqual([]);
    h.port.connected = true;
    h.sender.flush();
    await h.answer(failure('timeout'));
    h.sender.cancel();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sentIds()).toEqual(['a']);
  });
});
