/** The queue's live region speaks when what it says changes, at most every 30 s (manual clock). */
import { describe, expect, it } from 'vitest';
import { ANNOUNCE_GAP_MS, announcementDelay } from '../../widget/app/polite-announcer.js';

const T0 = 1_000_000;

describe('a polite announcement', () => {
  it('speaks at once the first time', () => {
    expect(announcementDelay(null, 'en|3|about_10|null', T0)).toBe(0);
  });

  it('says nothing when it would repeat what it last said', () => {
    expect(announcementDelay({ key: 'en|3|about_10|null', at: T0 }, 'en|3|about_10|null', T0 + 5 * ANNOUNCE_GAP_MS)).toBeNull();
  });

  it('waits out the rest of 30 s after the last announcement, then speaks', () => {
    expect(ANNOUNCE_GAP_MS).toBe(30_000);
    const last = { key: 'en|3|about_10|null', at: T0 };
    expect(announcementDelay(last, 'en|2|about_10|null', T0 + 1000)).toBe(29_000);
    expect(announcementDelay(last, 'en|2|about_10|null', T0 + 29_999)).toBe(1);
    expect(announcementDelay(last, 'en|2|about_10|null', T0 + 30_000)).toBe(0);
    expect(announcementDelay(last, 'en|2|about_10|null', T0 + 90_000)).toBe(0);
  });
});
