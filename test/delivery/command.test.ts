import { describe, expect, it } from 'vitest';
import { sendCommand, type CommandSocket } from '../../delivery/command.js';
import type { VisitorClientEvents } from '../../protocol/visitor-events.js';

/** A socket that answers every command with `answer` (or fails the way `answer` throws). */
function fakeSocket(connected: boolean, answer: () => Promise<unknown>) {
  const emitted: Array<{ event: string; payload: unknown; timeoutMs: number }> = [];
  const socket: CommandSocket = {
    connected,
    timeout: (timeoutMs) => ({
      emitWithAck: (event, payload) => {
        emitted.push({ event, payload, timeoutMs });
        return answer();
      },
    }),
  };
  return { socket, emitted };
}

const send = (socket: CommandSocket) =>
  sendCommand<VisitorClientEvents, 'message:send'>(socket, 'message:send', { clientId: 'abcdefgh12', text: 'Hello' }, 5000);

describe('sendCommand', () => {
  it('emits nothing while disconnected, and says so', async () => {
    const { socket, emitted } = fakeSocket(false, async () => ({ ok: true }));
    expect(await send(socket)).toEqual({ ok: false, error: { code: 'disconnected', message: 'disconnected' } });
    expect(emitted).toEqual([]);
  });

  it('passes the event, the payload and the timeout, and answers the acknowledgement', async () => {
    const message = { id: 'm1', seq: 1 };
    const { socket, emitted } = fakeSocket(true, async () => ({ ok: true, message }));
    const result = await send(socket);
    expect(result).toEqual({ ok: true, message });
    expect(emitted).toEqual([{ event: 'message:send', payload: { clientId: 'abcdefgh12', text: 'Hello' }, timeoutMs: 5000 }]);
  });

  it('answers `timeout` when no acknowledgement came in time', async () => {
    const { socket } = fakeSocket(true, () => Promise.reject(new Error('operation has timed out')));
    expect(await send(socket)).toEqual({ ok: false, error: { code: 'timeout', message: 'timeout' } });
  });

  it('answers `disconnected` when the connection dropped while waiting', async () => {
    const fake = { connected: true };
    const socket: CommandSocket = {
      get connected() {
        return fake.connected;
      },
      timeout: () => ({
        emitWithAck: () => {
          fake.connected = false;
          return Promise.reject(new Error('socket has been disconnected'));
        },
      }),
    };
    expect(await send(socket)).toEqual({ ok: false, error: { code: 'disconnected', message: 'disconnected' } });
  });

  it('passes a refusal on with its code and message', async () => {
    const { socket } = fakeSocket(true, async () => ({ ok: false, error: { code: 'rate_limited', message: 'Slow down.' } }));
    expect(await send(socket)).toEqual({ ok: false, error: { code: 'rate_limited', message: 'Slow down.' } });
  });

  it('answers `internal` for anything not in the Ack shape', async () => {
    for (const answer of [undefined, null, 'ok', 42, {}, { ok: 'yes' }, { ok: false }, { ok: false, error: 'nope' }, { ok: false, error: { code: 42, message: 'x' } }]) {
      const { socket } = fakeSocket(true, async () => answer);
      expect(await send(socket), JSON.stringify(answer)).toEqual({ ok: false, error: { code: 'internal', message: 'internal' } });
    }
  });

  it('takes its payload and answer types from the event map', async () => {
    const { socket } = fakeSocket(true, async () => ({ ok: true, message: { seq: 7 } }));
    const result = await send(socket);
    if (result.ok) expect(result.message.seq).toBe(7);
    // @ts-expect-error: not a command of the visitor namespace
    void sendCommand<VisitorClientEvents, 'message:sned'>(socket, 'message:sned', {}, 1);
    // @ts-expect-error: a field the command does not have
    void sendCommand<VisitorClientEvents, 'message:send'>(socket, 'message:send', { clientId: 'abcdefgh12', body: 'Hi' }, 1);
  });
});
