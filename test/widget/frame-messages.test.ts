/** The postMessage guards for the quick exit: only an https address is ever taken for one. */
import { describe, expect, it } from 'vitest';
import { FRAME_CHANNEL, isFrameToHost, isHostToFrame } from '../../protocol/frame-messages.js';

const channel = FRAME_CHANNEL;

describe('frame messages about the quick exit', () => {
  it('accepts a close request with or without an https exit, and a quick exit to an https page', () => {
    expect(isFrameToHost({ channel, type: 'close-requested' })).toBe(true);
    expect(isFrameToHost({ channel, type: 'close-requested', exit: 'https://www.google.ca/' })).toBe(true);
    expect(isFrameToHost({ channel, type: 'quick-exit', url: 'https://weather.example/today' })).toBe(true);
    expect(isHostToFrame({ channel, type: 'quick-exit' })).toBe(true);
  });

  it('refuses any other address, a missing one, and another channel', () => {
    for (const url of ['javascript:alert(1)', 'http://www.google.ca/', 'data:text/html,hi', '//evil.example/', 'https://user:pw@evil.example/', 'https://', 42, undefined]) {
      expect(isFrameToHost({ channel, type: 'quick-exit', url }), String(url)).toBe(false);
      if (url !== undefined) expect(isFrameToHost({ channel, type: 'close-requested', exit: url }), String(url)).toBe(false);
    }
    expect(isFrameToHost({ channel: 'other/1', type: 'quick-exit', url: 'https://www.google.ca/' })).toBe(false);
  });
});
