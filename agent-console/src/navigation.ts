/**
 * The browser's address as something React can follow: the History API, so that each console page
 * has its own URL, a reload or a deep link opens it, and the back button goes back (issue #9,
 * point 7). What an address means is router.ts's business.
 */
import { useSyncExternalStore, type MouseEvent } from 'react';
import { leaveClickToBrowser } from './router.js';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('popstate', notify);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

const currentPath = () => window.location.pathname;

/** The current path; re-renders on every move, the back and forward buttons included. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** Goes to a path inside the console, as a new entry in the history. */
export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  notify();
}

/** A link's click handler: a move inside the console, unless the person asked for a new tab or window. */
export function followLink(event: MouseEvent<HTMLAnchorElement>, path: string): void {
  if (event.defaultPrevented || leaveClickToBrowser(event)) return;
  event.preventDefault();
  navigate(path);
}
