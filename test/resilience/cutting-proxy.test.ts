/**
 * The fault benchmark's proxy (test/bench/cutting-proxy.ts), with short periods: it forwards, cuts
 * every open connection at each outage, refuses new ones while it lasts, and forwards again after.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startCuttingProxy, type CuttingProxy } from '../bench/cutting-proxy.js';

let echo: Server | undefined;
let proxy: CuttingProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await new Promise((resolve) => (echo === undefined ? resolve(undefined) : echo.close(resolve)));
  proxy = undefined;
  echo = undefined;
});

async function startEcho(): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  echo = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** Opens a connection through the proxy and says whether an echo came back, and how it ended. */
function attempt(url: string): Promise<{ echoed: boolean; socket: Socket }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    socket.once('data', () => resolve({ echoed: true, socket }));
    socket.once('close', () => resolve({ echoed: false, socket }));
    socket.once('connect', () => socket.write('ping'));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cutting proxy', () => {
  it('forwards, cuts open connections at each outage, refuses new ones during it, and forwards again after', async () => {
    proxy = await startCuttingProxy(await startEcho(), { everyMs: 1500, downMs: 500 });
    const before = await attempt(proxy.url);
    expect(before.echoed).toBe(true);
    const closed = new Promise((resolve) => before.socket.once('close', resolve));

    proxy.startCutting(200);
    await closed;
    expect(proxy.cuts).toBe(1);
    expect(proxy.connectionsCut).toBeGreaterThanOrEqual(1);
    expect(proxy.down).toBe(true);
    expect((await attempt(proxy.url)).echoed).toBe(false);
    expect(proxy.connectionsRefused).toBe(1);

    await sleep(600);
    expect(proxy.down).toBe(false);
    const after = await attempt(proxy.url);
    expect(after.echoed).toBe(true);
    after.socket.destroy();

    // The next outage comes `everyMs` after the first; none once cutting stops.
    await sleep(1300);
    expect(proxy.cuts).toBe(2);
    proxy.stopCutting();
    await sleep(1700);
    expect(proxy.cuts).toBe(2);
  });

  it('black-holes new connections during an outage when asked, and resets them when it ends', async () => {
    proxy = await startCuttingProxy(await startEcho(), { everyMs: 60_000, downMs: 400, mode: 'blackhole' });
    proxy.startCutting(0);
    await sleep(50);
    const started = Date.now();
    const held = await attempt(proxy.url);
    expect(held.echoed).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
