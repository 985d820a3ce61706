/**
 * The typing signal's pace on the sending side (at most one "typing" per refresh interval, an
 * explicit stop, a stop after a pause) and its expiry on the receiving side, on a clock the test
 * moves.
 */
import { describe, expect, it } from 'vitest';
import {
  createTypingReceiver,
  createTypingSender,
  TYPING_EXPIRY_MS,
  TYPING_IDLE_MS,
  TYPING_REFRESH_MS,
  type TypingTimers,
} from '../../delivery/typing.js';

/** Timers on a clock that moves only when the test says. */
function manualTimers() {
  let time = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: TypingTimers = {
    now: () => time,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      pending.set(id, { at: time + ms, callback });
      return id;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const advance = (ms: number) => {
    const until = time + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      pending.delete(due[0]);
      time = due[1].at;
      due[1].callback();
    }
    time = until;
  };
  return { timers, advance };
}

describe('the typing sender', () => {
  it('says "typing" at once, then at most once per refresh interval while keys keep coming', () => {
    const { timers, advance } = manualTimers();
    const sent: boolean[] = [];
    const sender = createTypingSender((typing) => sent.push(typing), timers);
    // A keystroke every 100 ms for 5 s: true at 0, 2 s and 4 s.
    for (let t = 0; t < 5000; t += 100) {
      sender.input();
      advance(100);
    }
    expect(sent).toEqual([true, true, true]);
    expect(TYPING_REFRESH_MS).toBe(2000);
  });

  it('says "stopped" once when told, and nothing when it had not said "typing"', () => {
    const { timers } = manualTimers();
    const sent: boolean[] = [];
    const sender = createTypingSender((typing) => sent.push(typing), timers);
    sender.stop();
    expect(sent).toEqual([]);
    sender.input();
    sender.stop();
    sender.stop();
    expect(sent).toEqual([true, false]);
    // Typing again after a stop is news at once, whatever the interval.
    sender.input();
    expect(sent).toEqual([true, false, true]);
  });

  it('says "stopped" by itself after a pause', () => {
    const { timers, advance } = manualTimers();
    const sent: boolean[] = [];
    const sender = createTypingSender((typing) => sent.push(typing), timers);
    sender.input();
    advance(TYPING_IDLE_MS - 1);
    sender.input();
    advance(TYPING_IDLE_MS - 1);
    expect(sent).toEqual([true, true]);
    advance(1);
    expect(sent).toEqual([true, true, false]);
  });
});

describe('the typing receiver', () => {
  it('turns on once, stays on while refreshed, and goes off on "stopped" or after the expiry', () => {
    const { timers, advance } = manualTimers();
    const changes: string[] = [];
    const receiver = createTypingReceiver((key, typing) => changes.push(`${key}:${typing}`), timers);
    receiver.heard('c1', true);
    advance(TYPING_REFRESH_MS);
    receiver.heard('c1', true);
    receiver.heard('c2', true);
    expect(changes).toEqual(['c1:true', 'c2:true']);
    receiver.heard('c2', false);
    receiver.heard('c2', false);
    expect(changes).toEqual(['c1:true', 'c2:true', 'c2:false']);
    // A lost "stopped": the expiry turns it off by itself.
    advance(TYPING_EXPIRY_MS - 1);
    expect(changes).toHaveLength(3);
    advance(1);
    expect(changes).toEqual(['c1:true', 'c2:true', 'c2:false', 'c1:false']);
  });

  it('forgets at once when cleared (the message arrived), and a clear of nothing changes nothing', () => {
    const { timers, advance } = manualTimers();
    const changes: string[] = [];
    const receiver = createTypingReceiver((key, typing) => changes.push(`${key}:${typing}`), timers);
    receiver.clear('c1');
    receiver.heard('c1', true);
    receiver.clear('c1');
    advance(TYPING_EXPIRY_MS * 2);
    expect(changes).toEqual(['c1:true', 'c1:false']);
  });
});
