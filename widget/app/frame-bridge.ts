/**
 * The chat app's side of the postMessage contract with the loader (protocol/frame-messages.ts).
 * Messages go only to the parent origin the server checked before serving this page, and are
 * accepted only from that origin and the parent window.
 */
import { FRAME_CHANNEL, isHostToFrame, type FrameToHost, type HostToFrame } from '../../protocol/frame-messages.js';

type Outgoing = FrameToHost extends infer M ? (M extends { channel: string } ? Omit<M, 'channel'> : never) : never;

export interface FrameBridge {
  /** False when the page is opened on its own, outside the loader's iframe. */
  readonly embedded: boolean;
  post(message: Outgoing): void;
  onMessage(listener: (message: HostToFrame) => void): void;
}

export function createFrameBridge(parentOrigin: string | null): FrameBridge {
  const embedded = window.parent !== window && parentOrigin !== null;
  return {
    embedded,
    post(message) {
      if (embedded && parentOrigin !== null) window.parent.postMessage({ channel: FRAME_CHANNEL, ...message }, parentOrigin);
    },
    onMessage(listener) {
      window.addEventListener('message', (event) => {
        if (!embedded || event.source !== window.parent || event.origin !== parentOrigin) return;
        if (isHostToFrame(event.data)) listener(event.data);
      });
    },
  };
}
