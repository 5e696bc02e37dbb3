import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { TribuneClient } from './tribune-client';

// Node 20 has no global WebSocket: the `ws` package's class is injected, over a real socket on loopback.
let wss: WebSocketServer | null = null;
let client: TribuneClient | null = null;

afterEach(async () => {
  client?.close();
  await new Promise((r) => (wss ? wss.close(r) : r(undefined)));
});

describe('TribuneClient on Node with the ws package', () => {
  it('connects with the token in the query, joins, sends, and reads text frames as strings', async () => {
    wss = new WebSocketServer({ port: 0, path: '/ws' });
    const tokens: (string | null)[] = [];
    wss.on('connection', (socket, req) => {
      tokens.push(new URL(req.url ?? '', 'http://x').searchParams.get('token'));
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; room: string; cid: string; text: string };
        if (frame.type === 'join') socket.send(JSON.stringify({ type: 'joined', room: frame.room, history: [], viewers: 1 }));
        if (frame.type === 'send') {
          socket.send(JSON.stringify({ type: 'message', room: frame.room, id: 'm1', user: { id: 'u', name: 'U', roles: [] }, text: frame.text, ts: 1 }));
          socket.send(JSON.stringify({ type: 'ack', cid: frame.cid, id: 'm1', status: 'masked', reason: 'word:w1' }));
        }
      });
    });
    await new Promise((r) => wss!.once('listening', r));
    const { port } = wss.address() as AddressInfo;

    client = new TribuneClient({ urls: [`ws://127.0.0.1:${port}/ws`], token: 'a b&c', WebSocket });
    const texts: string[] = [];
    client.on('message', (m) => texts.push(m.text));
    await client.connect();
    await client.join('final');
    await expect(client.send('final', 'hello')).resolves.toEqual({ cid: expect.any(String) as string, id: 'm1', status: 'masked', reason: 'word:w1' });
    expect(texts).toEqual(['hello']);
    expect(tokens).toEqual(['a b&c']);
  });
});
