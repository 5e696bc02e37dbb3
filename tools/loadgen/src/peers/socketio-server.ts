import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';

// The bench's second peer: what many teams would pick — Socket.IO 4 with rooms and its Redis adapter
// (@socket.io/redis-adapter: a broadcast to a room goes to the local sockets and, over Redis pub/sub, to every
// other server's). One `io.to(room).emit` per message, no batching; no auth, no moderation, no Kafka. Events carry
// Tribune-shaped objects so the same load generator counts them. WebSocket transport only (the load generator
// speaks engine.io v4 over a bare WebSocket: no long-polling upgrade dance).

const port = Number(process.env.PORT ?? 7400);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.SIO_PREFIX ?? 'sio-peer';

const pub = new Redis(redisUrl);
const sub = pub.duplicate();
const http = createServer((req, res) => {
  if (req.url === '/healthz' || req.url === '/readyz') res.writeHead(200).end();
});
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, serveClient: false, adapter: createAdapter(pub, sub, { key: prefix }) });

io.on('connection', (socket) => {
  socket.on('join', (frame: { room: string }) => {
    Promise.resolve(socket.join(frame.room))
      .then(() => socket.emit('joined', { type: 'joined', room: frame.room, history: [], viewers: 0 }))
      .catch(() => socket.disconnect(true));
  });
  socket.on('send', (frame: { room: string; cid: string; text: string }) => {
    const message = { type: 'message', room: frame.room, id: randomUUID(), user: { id: 'sender', name: 'sender', roles: [] }, text: frame.text, ts: Date.now() };
    io.to(frame.room).emit('message', message);
    socket.emit('ack', { type: 'ack', cid: frame.cid, id: message.id, status: 'accepted' });
  });
});

http.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
