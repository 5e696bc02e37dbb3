import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';

// The ceiling of this stack, as the bench's peer: a minimal `ws` broadcast server fanning out over
// Redis pub/sub, with 50 ms batches encoded once per room (the same `messages` frames as Tribune, so
// the same load generator reads both). No auth, no moderation, no Kafka, no limits: what is left is
// the cost of moving the bytes. Run two of them on one Redis channel, as two Tribune nodes.

const port = Number(process.env.PORT ?? 7300);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.RAW_PREFIX ?? 'raw-peer';
const batchMs = Number(process.env.BATCH_MS ?? 50);

interface Room {
  sockets: Set<WebSocket>;
  pending: unknown[];
}

const publisher = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
const rooms = new Map<string, Room>();
const channelOf = (room: string) => `${prefix}:room:${room}`;

subscriber.on('message', (channel: string, payload: string) => {
  const room = rooms.get(channel.slice(prefix.length + 6));
  // Parsed once per server, not per socket.
  if (room) room.pending.push(JSON.parse(payload));
});

setInterval(() => {
  for (const [name, room] of rooms) {
    if (room.pending.length === 0) continue;
    const messages = room.pending;
    room.pending = [];
    const bytes = Buffer.from(JSON.stringify({ type: 'messages', room: name, messages }));
    for (const ws of room.sockets) ws.send(bytes, { binary: false });
  }
}, batchMs);

const server = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' || req.url === '/readyz' ? 200 : 404).end();
});
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, clientTracking: false });

wss.on('connection', (ws) => {
  const joined = new Set<string>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; room: string; text?: string; cid?: string };
    if (frame.type === 'join') {
      let room = rooms.get(frame.room);
      if (!room) {
        room = { sockets: new Set(), pending: [] };
        rooms.set(frame.room, room);
        void subscriber.subscribe(channelOf(frame.room)).catch(() => ws.close(1011, 'subscribe failed'));
      }
      room.sockets.add(ws);
      joined.add(frame.room);
      ws.send(JSON.stringify({ type: 'joined', room: frame.room, history: [], viewers: room.sockets.size }));
    } else if (frame.type === 'send') {
      const message = { id: randomUUID(), user: { id: 'sender', name: 'sender', roles: [] }, text: frame.text, ts: Date.now() };
      publisher
        .publish(channelOf(frame.room), JSON.stringify(message))
        .then(() => ws.send(JSON.stringify({ type: 'ack', cid: frame.cid, id: message.id, status: 'accepted' })))
        .catch(() => ws.close(1011, 'publish failed'));
    }
  });
  ws.on('close', () => {
    for (const name of joined) rooms.get(name)?.sockets.delete(ws);
  });
  ws.on('error', () => undefined);
});

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
