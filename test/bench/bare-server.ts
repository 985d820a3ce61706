/**
 * The baseline: a bare Socket.IO server that relays a visitor's message to one agent's room and
 * back to the visitor (the same two emits our server makes), with no validation, storage or
 * authentication. The benchmark compares our server against it.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { serveClient: false });
io.of('/visitor').on('connection', (socket) => {
  const agentRoom = `agent:${String(socket.handshake.auth.agent ?? 0)}`;
  socket.on('message:send', (payload: { clientId: string; text: string }, ack?: (response: object) => void) => {
    const message = { text: payload.text, clientId: payload.clientId };
    io.of('/agent').to(agentRoom).emit('message:created', message);
    socket.emit('message:created', message);
    ack?.({ ok: true });
  });
});
io.of('/agent').on('connection', (socket) => void socket.join(`agent:${String(socket.handshake.auth.agent ?? 0)}`));
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => io.close(() => process.exit(0)));
