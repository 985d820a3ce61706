import { describe, expect, it } from 'vitest';
import { failure, type CommandErrorCode } from '../../delivery/failure.js';
import {
  confirm,
  confirmMessages,
  enqueue,
  holdAll,
  keepOutbox,
  markSending,
  nextToSend,
  restoreOutbox,
  retry,
  settle,
  type Outbox,
  type SendOutcome,
} from '../../delivery/outbox.js';

const ids = (outbox: Outbox) => outbox.map((item) => item.clientId);
const statuses = (outbox: Outbox) => outbox.map((item) => `${item.clientId}:${item.status}`);
const written = (...clientIds: string[]) => clientIds.reduce<Outbox>((outbox, id) => enqueue(outbox, id, `text ${id}`), []);
const ok: SendOutcome = { ok: true };

/** Puts the head on the wire and applies `outcome` to it; answers the outbox and the id sent. */
function attempt(outbox: Outbox, outcome: SendOutcome): [Outbox, string] {
  const item = nextToSend(outbox);
  if (item === null) throw new Error(`nothing to send in ${statuses(outbox).join(' ')}`);
  return [settle(markSending(outbox, item.clientId), item.clientId, outcome), item.clientId];
}

describe('outbox', () => {
  it('puts only the head of the line on the wire', () => {
    let outbox = written('a', 'b', 'c');
    expect(nextToSend(outbox)?.clientId).toBe('a');
    outbox = markSending(outbox, 'a');
    expect(nextToSend(outbox)).toBeNull();
    // Asking to send anything but the head changes nothing.
    expect(markSending(outbox, 'b')).toBe(outbox);
    expect(statuses(outbox)).toEqual(['a:sending', 'b:waiting', 'c:waiting']);
  });

  it('lets the next go after a refusal, and puts the refused one back in its place while nothing behind it was sent', () => {
    let outbox = written('a', 'b', 'c');
    outbox = settle(markSending(outbox, 'a'), 'a', failure('invalid_payload'));
    expect(statuses(outbox)).toEqual(['a:failed', 'b:waiting', 'c:waiting']);
    expect(outbox[0]?.error).toBe('invalid_payload');
    expect(nextToSend(outbox)?.clientId).toBe('b');
    // Retried before b went out: a is still first on screen, so it goes first.
    outbox = retry(outbox, 'a');
    expect(statuses(outbox)).toEqual(['a:waiting', 'b:waiting', 'c:waiting']);
    expect(outbox[0]?.error).toBeNull();
    const server: string[] = [];
    while (outbox.length > 0) {
      let id: string;
      [outbox, id] = attempt(outbox, ok);
      server.push(id);
    }
    expect(server).toEqual(['a', 'b', 'c']);
  });

  it('puts a retried message behind one already on the wire, and shows it there', () => {
    let outbox = written('a', 'b', 'c');
    const server: string[] = [];
    outbox = settle(markSending(outbox, 'a'), 'a', failure('forbidden'));
    let id: string;
    [outbox, id] = attempt(outbox, ok);
    server.push(id);
    outbox = markSending(outbox, 'c');
    outbox = retry(outbox, 'a');
    // c may already be stored: a can no longer go before it.
    expect(statuses(outbox)).toEqual(['c:sending', 'a:waiting']);
    outbox = settle(outbox, 'c', ok);
    server.push('c');
    [outbox, id] = attempt(outbox, ok);
    server.push(id);
    expect(server).toEqual(['b', 'c', 'a']);
  });

  it('puts a retried message behind one that was sent and is held, since the server may have it', () => {
    let outbox = written('a', 'b');
    outbox = settle(markSending(outbox, 'a'), 'a', failure('conversation_closed'));
    outbox = markSending(outbox, 'b');
    // The connection drops before b's answer: b waits again, but the server may have stored it.
    outbox = holdAll(outbox);
    outbox = retry(outbox, 'a');
    expect(statuses(outbox)).toEqual(['b:waiting', 'a:waiting']);
    expect(nextToSend(outbox)?.clientId).toBe('b');
  });

  it.each<CommandErrorCode>(['timeout', 'disconnected', 'unavailable', 'rate_limited', 'internal'])(
    'keeps the head first and holds the rest after a retryable %s',
    (code) => {
      let outbox = written('a', 'b', 'c');
      outbox = settle(markSending(outbox, 'a'), 'a', failure(code));
      expect(statuses(outbox)).toEqual(['a:waiting', 'b:waiting', 'c:waiting']);
      expect(outbox[0]).toMatchObject({ clientId: 'a', sent: true, error: null });
      expect(nextToSend(outbox)?.clientId).toBe('a');
    },
  );

  it('resends from the head with the same client ids after a reconnection', () => {
    let outbox = written('a', 'b', 'c');
    outbox = markSending(outbox, 'a');
    const before = ids(outbox);
    outbox = holdAll(outbox);
    expect(statuses(outbox)).toEqual(['a:waiting', 'b:waiting', 'c:waiting']);
    expect(ids(outbox)).toEqual(before);
    expect(nextToSend(outbox)?.clientId).toBe('a');
    // The answer of the attempt made on the old connection changes nothing now.
    expect(settle(outbox, 'a', failure('timeout'))).toBe(outbox);
  });

  it("retires an item when the server's message:created arrives before the acknowledgement", () => {
    let outbox = markSending(written('a', 'b'), 'a');
    const created = { clientId: 'a', author: { kind: 'visitor' as const, name: null, agentId: null } };
    // The other side's message with the same client id is not ours.
    expect(confirmMessages(outbox, [{ ...created, author: { ...created.author, kind: 'agent' } }], 'visitor')).toBe(outbox);
    outbox = confirmMessages(outbox, [created], 'visitor');
    expect(statuses(outbox)).toEqual(['b:waiting']);
    expect(nextToSend(outbox)?.clientId).toBe('b');
    // The late acknowledgement, or a late failure, changes nothing.
    expect(settle(outbox, 'a', ok)).toBe(outbox);
    expect(settle(outbox, 'a', failure('timeout'))).toBe(outbox);
  });

  it('retires a confirmed item wherever it is', () => {
    const outbox = written('a', 'b');
    expect(ids(confirm(outbox, 'b'))).toEqual(['a']);
    expect(confirm(outbox, 'zz')).toBe(outbox);
  });

  it('keeps refusals across a reload and counts the head of the line as sent', () => {
    let outbox = written('a', 'b', 'c');
    outbox = settle(markSending(outbox, 'a'), 'a', failure('forbidden'));
    outbox = markSending(outbox, 'b');
    const restored = restoreOutbox(JSON.parse(JSON.stringify(keepOutbox(outbox))));
    expect(statuses(restored)).toEqual(['a:failed', 'b:waiting', 'c:waiting']);
    expect(restored.map((item) => item.sent)).toEqual([false, true, false]);
    expect(statuses(retry(restored, 'a'))).toEqual(['b:waiting', 'a:waiting', 'c:waiting']);
  });
});

/** Mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('outbox under random interleavings', () => {
  const RETRYABLE: CommandErrorCode[] = ['unavailable', 'rate_limited', 'internal'];

  it('never lets the other side see an order the writer does not see', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
      let outbox: Outbox = [];
      /** What the server stored, in order: what the other side sees. */
      const server: string[] = [];
      /** What the writer knows is confirmed (shown above the outbox, in the server's order). */
      const confirmed = new Set<string>();
      let acks: Array<{ clientId: string; outcome: SendOutcome }> = [];
      let connected = true;
      let written = 0;
      const trace: string[] = [];

      const serverAnswer = (clientId: string, mode: 'random' | 'store'): SendOutcome => {
        // A resend of a stored message is answered with the stored copy, as the server does.
        if (server.includes(clientId)) return ok;
        const roll = mode === 'store' ? 0 : next();
        if (roll < 0.55) {
          server.push(clientId);
          return ok;
        }
        if (roll < 0.8) return failure(pick(RETRYABLE));
        return failure(pick(['invalid_payload', 'forbidden', 'conversation_closed'] as const));
      };
      const confirmAck = (clientId: string, outcome: SendOutcome) => {
        if (outcome.ok) confirmed.add(clientId);
        outbox = settle(outbox, clientId, outcome);
      };
      /** The first broken promise, if any. */
      const violation = (): string | null => {
        const line = outbox.filter((item) => item.status !== 'failed');
        const sending = outbox.filter((item) => item.status === 'sending');
        if (sending.length > 1 || (sending[0] !== undefined && line[0] !== sending[0])) return 'only the head may be on the wire';
        if (line.slice(1).some((item) => item.sent)) return 'only the head may have been sent';
        if (outbox.some((item) => item.status === 'failed' && server.includes(item.clientId))) return 'a stored message is shown as refused';
        // The writer's screen: confirmed messages in the server's order, then the outbox.
        const screen = [...server.filter((id) => confirmed.has(id)), ...ids(outbox)];
        const places = server.filter((id) => screen.includes(id)).map((id) => screen.indexOf(id));
        if (places.some((place, at) => at > 0 && place < (places[at - 1] as number))) return 'the server order differs from the screen';
        // What is stored but not confirmed shows before anything in line that is not stored yet.
        const firstUnstored = ids(line).findIndex((id) => !server.includes(id));
        const lastStored = ids(line).findLastIndex((id) => server.includes(id));
        if (firstUnstored !== -1 && lastStored > firstUnstored) return 'a message not stored yet shows before a stored one';
        return null;
      };
      const check = () => {
        const broken = violation();
        if (broken !== null) expect.fail(`seed ${seed}: ${broken} after ${trace.join(', ')} → ${statuses(outbox).join(' ')}`);
      };

      for (let step = 0; step < 80; step++) {
        const roll = next();
        if (roll < 0.2) {
          const id = `m${++written}`;
          outbox = enqueue(outbox, id, id);
          trace.push(`write ${id}`);
        } else if (roll < 0.45) {
          const item = connected ? nextToSend(outbox) : null;
          if (item !== null) {
            outbox = markSending(outbox, item.clientId);
            acks.push({ clientId: item.clientId, outcome: serverAnswer(item.clientId, 'random') });
            trace.push(`send ${item.clientId}`);
          }
        } else if (roll < 0.65 && acks.length > 0) {
          const ack = pick(acks);
          acks = acks.filter((other) => other !== ack);
          // Now and then the answer is lost on the way: the client times out.
          const outcome = next() < 0.2 ? failure('timeout') : ack.outcome;
          confirmAck(ack.clientId, outcome);
          trace.push(`answer ${ack.clientId} ${outcome.ok ? 'ok' : outcome.error.code}`);
        } else if (roll < 0.72 && connected) {
          // message:created for one stored message, possibly before its acknowledgement.
          const unseen = server.filter((id) => !confirmed.has(id));
          if (unseen.length > 0) {
            const id = pick(unseen);
            confirmed.add(id);
            outbox = confirmMessages(outbox, [{ clientId: id, author: { kind: 'visitor', name: null, agentId: null } }], 'visitor');
            trace.push(`created ${id}`);
          }
        } else if (roll < 0.8) {
          const failed = outbox.filter((item) => item.status === 'failed');
          if (failed.length > 0) {
            const id = pick(failed).clientId;
            outbox = retry(outbox, id);
            trace.push(`retry ${id}`);
          }
        } else if (roll < 0.88 && connected) {
          connected = false;
          acks = [];
          outbox = holdAll(outbox);
          trace.push('disconnect');
        } else if (!connected) {
          connected = true;
          // The catch-up after a reconnection brings every stored message.
          for (const id of server) confirmed.add(id);
          outbox = confirmMessages(outbox, server.map((clientId) => ({ clientId, author: { kind: 'visitor', name: null, agentId: null } })), 'visitor');
          trace.push('reconnect');
        }
        check();
      }

      // Drain: the writer retries everything refused and the server now stores everything.
      connected = true;
      for (const { clientId, outcome } of acks) confirmAck(clientId, outcome);
      for (let guard = 0; outbox.length > 0; guard++) {
        if (guard > 1000) expect.fail(`seed ${seed}: the outbox does not drain`);
        const failed = outbox.find((item) => item.status === 'failed');
        if (failed !== undefined) outbox = retry(outbox, failed.clientId);
        const item = nextToSend(outbox);
        if (item === null) continue;
        outbox = markSending(outbox, item.clientId);
        confirmAck(item.clientId, serverAnswer(item.clientId, 'store'));
        check();
      }
      expect(new Set(server).size, `seed ${seed}`).toBe(written);
      expect(server.filter((id) => confirmed.has(id)), `seed ${seed}`).toEqual(server);
    }
  });
});
