/**
 * A polite live region that speaks only when what it says changes, and not more often than every
 * ANNOUNCE_GAP_MS: the visible text stays current, only the announcement waits. A change made
 * during the gap is spoken when it ends, as it is then (changes that undo each other say nothing).
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/** The least time between two announcements of one region. */
export const ANNOUNCE_GAP_MS = 30_000;

/** What a region last said (by key) and when. */
export interface Announced {
  key: string;
  at: number;
}

/**
 * How long to wait before announcing what has key `key` now: 0 for at once (the first time, or the
 * gap has passed), the rest of the gap otherwise, null when it is what was last said.
 */
export function announcementDelay(last: Announced | null, key: string, now: number, gapMs = ANNOUNCE_GAP_MS): number | null {
  if (last === null) return 0;
  if (last.key === key) return null;
  return Math.max(0, last.at + gapMs - now);
}

/** The text the live region should hold: `text`, once `key` has changed and the gap allows. */
export function usePoliteAnnouncement(key: string, text: string, gapMs = ANNOUNCE_GAP_MS): string {
  const [spoken, setSpoken] = useState('');
  const last = useRef<Announced | null>(null);
  const latest = useRef({ key, text });
  latest.current = { key, text };
  useEffect(() => {
    const delay = announcementDelay(last.current, key, Date.now(), gapMs);
    if (delay === null) return;
    // Always on a timer, even at 0: a region must be in the page before its words change.
    const timer = setTimeout(() => {
      last.current = { key: latest.current.key, at: Date.now() };
      setSpoken(latest.current.text);
    }, delay);
    return () => clearTimeout(timer);
  }, [key, gapMs]);
  return spoken;
}
