/**
 * The fallback engine for a page whose WebSockets are blocked: Engine.IO's own client, HTTP
 * long-polling first (upgraded to a WebSocket if one works later), under the same Socket.IO layer
 * (direct-socket.ts). A chunk of its own, downloaded only by those who need it.
 */
import { Socket } from 'engine.io-client';
import type { OpenEngine } from './direct-socket.js';

export function pollingEngine(serverUrl: string): OpenEngine {
  return (events) => {
    const socket = new Socket(serverUrl, { path: '/socket.io/', transports: ['polling', 'websocket'] });
    let opened = false;
    let done = false;
    socket.on('open', () => {
      opened = true;
      events.opened();
    });
    socket.on('message', (data) => {
      if (typeof data === 'string') events.packet(data);
    });
    socket.on('close', (reason) => {
      if (done) return;
      done = true;
      events.closed(reason, opened);
    });
    return {
      send: (packet) => {
        if (!done) socket.send(packet);
      },
      close: () => {
        if (done) return;
        done = true;
        socket.close();
        events.closed('io client disconnect', opened);
      },
    };
  };
}
