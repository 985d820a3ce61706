/**
 * The parts of the chat app that are not needed before the citizen can type, each its own chunk
 * (see Lazy.tsx): fetched ahead by ChatApp when they become likely.
 */
import { lazyPart } from './Lazy.js';

/** What a chat that ended shows: the reference, the transcript, the survey. Fetched when a chat starts. */
export const Ended = lazyPart(() => import('./EndedNotice.js').then((module) => module.EndedNotice));
/** The self-service pages that may answer a waiting chat's question. Fetched when a chat starts. */
export const Waiting = lazyPart(() => import('./WaitingHelp.js').then((module) => module.WaitingHelp));
/** The warning before a chat closes for inactivity. Fetched when a chat starts, minutes before it can be needed. */
export const Idle = lazyPart(() => import('./IdleWarning.js').then((module) => module.IdleWarning));
/** Why chat cannot start now, the hours and the form to leave a message. Fetched once the page is idle. */
export const Closed = lazyPart(() => import('./ClosedView.js').then((module) => module.ClosedView));
/** The privacy notice from the header. Fetched once the page is idle. */
export const Privacy = lazyPart(() => import('./PrivacyDialog.js').then((module) => module.PrivacyDialog));

/** Fetches parts ahead, out of the way of what the citizen is waiting for; a failure waits for the part's own retry. */
export function prefetchWhenIdle(...parts: Array<{ prefetch(): Promise<unknown> }>): void {
  const run = () => parts.forEach((part) => part.prefetch().catch(() => {}));
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
