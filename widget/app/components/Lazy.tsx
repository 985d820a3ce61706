/**
 * A part of the chat app loaded on demand (its own chunk): the ended chat and survey, the closed
 * view and its message form, the privacy dialog. Kept out of the first download, so that the
 * start form and the composer come sooner on a slow connection; fetched ahead (`prefetch`) when it
 * becomes likely, so that nobody waits on the network when it shows. A load that fails is tried
 * again twice by itself, then the citizen is told and offered to try again.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ChatStrings } from '../../i18n/chat-strings.js';

const AUTOMATIC_TRIES = 3;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `onShown`: called once the part itself is drawn (say, to put focus in it). */
type ViewProps<P> = P & { t: ChatStrings; onShown?: () => void };

export interface LazyPart<P> {
  /** Draws the part once loaded: "Loading…" meanwhile, the failure and a retry button if it fails. */
  View: ComponentType<ViewProps<P>>;
  /** Starts loading it now (once); resolves when it is there, rejects if every try failed. */
  prefetch(): Promise<unknown>;
}

export function lazyPart<P>(load: () => Promise<ComponentType<P & { t: ChatStrings }>>): LazyPart<P> {
  let loaded: ComponentType<P & { t: ChatStrings }> | null = null;
  let loading: Promise<unknown> | null = null;
  const prefetch = (): Promise<unknown> =>
    (loading ??= (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          loaded = await load();
          return;
        } catch (error) {
          if (attempt === AUTOMATIC_TRIES) {
            // The next call (the citizen's "Try again") starts afresh.
            loading = null;
            throw error;
          }
          await delay(attempt * 1000);
        }
      }
    })());

  function View(props: ViewProps<P>) {
    const [, setReady] = useState(loaded !== null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded === null && !failed) prefetch().then(() => setReady(true), () => setFailed(true));
    }, [failed]);
    const Part = loaded;
    useEffect(() => {
      if (Part !== null) props.onShown?.();
    }, [Part !== null]);
    if (Part !== null) return <Part {...props} />;
    if (failed) {
      return (
        <p class="error" role="alert">
          {props.t.partFailed}{' '}
          <button type="button" onClick={() => setFailed(false)}>
            {props.t.retry}
          </button>
        </p>
      );
    }
    return (
      <p class="notice" role="status">
        {props.t.loading}
      </p>
    );
  }
  return { View, prefetch };
}
