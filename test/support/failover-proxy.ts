/**
 * A TCP load balancer for tests: each new connection goes to the first backend that accepts it,
 * in order. When a node dies its connections drop, clients reconnect, and the proxy sends them to
 * the next node: what a real load balancer with health checks does, minus the delay.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './free-port.js';

export interface FailoverProxy {
  url: string;
  close(): Promise<void>;
}

export async function startFailoverProxy(backendPorts: number[]): Promise<FailoverProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const server: Server = createServer((client) => {
    track(client);
    client.pause();
    const tryBackend = (index: number) => {
      const port = backendPorts[index];
      if (port === undefined) {
        client.destroy();
        return;
      }
      const upstream = connect(port, '127.0.0.1');
      upstream.once('error', () => {
        if (upstream.readyState !== 'open') tryBackend(index + 1);
        else client.destroy();
      });
      upstream.once('connect', () => {
        track(upstream);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
