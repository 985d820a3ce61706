/**
 * The baseline: a bare Socket.IO relay, with no validation, storage, authentication, rate limits
 * or rooms bookkeeping beyond one room per connection. For each `message:send {clientId, text}` a
 * visitor sends it makes the same two room broadcasts our server makes for a message (to the
 * visitor's room and to its agent's room, each `message:created {clientId, text}`) and acks
 * `{ ok: true }`. A visitor names its agent number in its handshake (`auth.agent`); an agent
 * connection joins the room of its number.
 *
 * With `BENCH_REDIS_URL` it is one node of a cluster: the same Redis streams adapter as our server,
 * with the same options (server/app.ts: its own ioredis client that waits for the connection,
 * short blocking reads, plaintext only), so each broadcast goes through the Redis stream and is
 * read by every node, as in our server. It stores nothing in Redis beyond what the adapter does.
 */
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { answerMemoryProbes } from './memory-probe.js';

const http = createServer();
const io = new Server(http, { serveClient: false });
const redisUrl = process.env.BENCH_REDIS_URL;
const adapterClient = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: null }) : undefined;
if (adapterClient !== undefined) {
  io.adapter(createAdapter(adapterClient, { streamName: 'bare:socket.io', channelPrefix: 'bare:socket.io', blockTimeInMs: 1000, onlyPlaintext: true }));
}
const visitors = io.of('/visitor');
const agents = io.of('/agent');
visitors.on('connection', (socket) => {
  const agentRoom = `agent:${String(socket.handshake.auth.agent ?? 0)}`;
  const visitorRoom = `visitor:${socket.id}`;
  void socket.join(visitorRoom);
  socket.on('message:send', (payload: { clientId: string; text: string }, ack?: (response: object) => void) => {
    const message = { clientId: payload.clientId, text: payload.text };
    visitors.to(visitorRoom).emit('message:created', message);
    agents.to(agentRoom).emit('message:created', message);
    if (typeof ack === 'function') ack({ ok: true });
  });
});
agents.on('connection', (socket) => void socket.join(`agent:${String(socket.handshake.auth.agent ?? 0)}`));
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
answerMemoryProbes();
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 3000).unref();
  io.close(() => {
    adapterClient?.disconnect();
    process.exit(0);
  });
});
