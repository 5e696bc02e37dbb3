import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendRefusedError, TribuneError } from './errors';
import type { ChatMessage } from './protocol';
import { FakeChatServer } from './testing/fake-chat-server';
import { TribuneClient, type JoinedEvent, type MessagesEvent, type StateChange, type TribuneClientOptions } from './tribune-client';

const A = 'ws://node-a:7000/ws';
const B = 'ws://node-b:7001/ws';

/** An unsigned JWT-shaped token: the client reads `exp`, only a node verifies. */
const jwt = (sub: string, expSeconds: number) => `h.${btoa(JSON.stringify({ sub, name: sub, roles: [], exp: expSeconds })).replace(/=+$/, '')}.s`;

let server: FakeChatServer;
let client: TribuneClient | null;

function start(options: Partial<TribuneClientOptions> = {}) {
  client = new TribuneClient({ urls: [A, B], token: 'viewer-token', WebSocket: server.WebSocket, ...options });
  const seen = { states: [] as StateChange[], messages: [] as ChatMessage[], batches: [] as MessagesEvent[], joined: [] as JoinedEvent[], errors: [] as TribuneError[] };
  client.on('state', (s) => seen.states.push(s));
  client.on('message', (m) => seen.messages.push(m));
  client.on('messages', (b) => seen.batches.push(b));
  client.on('joined', (j) => seen.joined.push(j));
  client.on('error', (e) => seen.errors.push(e));
  return { client, seen };
}

const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
  server = new FakeChatServer();
});

afterEach(() => {
  client?.close();
  client = null;
  vi.useRealTimers();
});

describe('TribuneClient: connecting and rooms', () => {
  it('connects to the first node, joins, and normalises message and messages frames to one `message` per message and one `messages` per frame', async () => {
    const { client, seen } = start();
    const connected = client.connect();
    await tick();
    await connected;
    expect(client.state).toBe('open');
    expect(client.url).toBe(A);
    expect(server.last().token).toBe('viewer-token');

    server.publish('final', 'before we came');
    const joined = client.join('final');
    await tick();
    const j = await joined;
    expect(j).toMatchObject({ room: 'final', viewers: 1, recovered: undefined, rejoin: false, url: A });
    expect(j.history.map((m) => m.text)).toEqual(['before we came']);

    server.publish('final', 'one');
    const socket = server.last();
    const other = { id: 'u9', name: 'Nine', roles: [] };
    socket.push({ type: 'messages', room: 'final', messages: [{ id: 'b1', user: other, text: 'two', ts: 1 }, { id: 'b2', user: other, text: 'three', ts: 2 }] });
    // The same message again (as after a recovery overlap): not given twice.
    socket.push({ type: 'messages', room: 'final', messages: [{ id: 'b2', user: other, text: 'three', ts: 2 }] });
    socket.push({ type: 'message', room: 'elsewhere', id: 'x', user: other, text: 'not joined', ts: 3 });

    expect(seen.messages.map((m) => [m.room, m.text])).toEqual([['final', 'before we came'], ['final', 'one'], ['final', 'two'], ['final', 'three']]);
    expect(seen.batches.map((b) => [b.source, b.messages.length])).toEqual([['history', 1], ['live', 1], ['live', 2]]);

    const others: unknown[] = [];
    client.on('deleted', (d) => others.push(['deleted', d]));
    client.on('notice', (n) => others.push(['notice', n]));
    client.on('viewers', (v) => others.push(['viewers', v]));
    socket.push({ type: 'deleted', room: 'final', id: 'b1' });
    socket.push({ type: 'notice', room: 'final', text: 'half time' });
    socket.push({ type: 'notice', room: 'elsewhere', text: 'not ours' });
    socket.push({ type: 'pong' });
    socket.push({ type: 'joined', room: 'final', history: [], viewers: 41 });
    expect(others).toEqual([
      ['deleted', { room: 'final', id: 'b1' }],
      ['notice', { room: 'final', text: 'half time' }],
      ['viewers', { room: 'final', viewers: 41 }],
    ]);
    expect(seen.errors).toEqual([]);
  });

  it('a malformed frame is an `invalid_frame` error event, and the connection goes on', async () => {
    const { client, seen } = start();
    await Promise.all([client.connect(), client.join('final'), tick()]);
    server.last().push('{not json');
    server.last().push({ type: 'message', room: 'final', id: 1 });
    server.publish('final', 'still here');
    expect(seen.errors.map((e) => e.code)).toEqual(['invalid_frame', 'invalid_frame']);
    expect(seen.messages.map((m) => m.text)).toEqual(['still here']);
  });

  it('join of an unpublished room rejects with the protocol code unknown_room, and the next join still works (joins go one at a time)', async () => {
    const { client } = start();
    server.onFrame = (socket, frame) => {
      if (frame.type !== 'join' || frame.room !== 'ghost') return false;
      socket.push({ type: 'error', code: 'unknown_room', message: 'no room ghost: join a room the site published' });
      return true;
    };
    const connected = client.connect();
    const ghost = client.join('ghost');
    const real = client.join('real');
    const ghostFailed = expect(ghost).rejects.toMatchObject({ code: 'unknown_room', room: 'ghost' });
    await tick();
    await connected;
    await ghostFailed;
    await expect(real).resolves.toMatchObject({ room: 'real' });
    expect(client.joinedRooms).toEqual(['real']);
    expect(server.last().joins().map((j) => j.room)).toEqual(['ghost', 'real']);
  });
});

describe('TribuneClient: send and acks', () => {
  it('resolves with the ack; a blocked message rejects with SendRefusedError carrying status and reason', async () => {
    const { client } = start();
    await Promise.all([client.connect(), client.join('final'), tick()]);
    await expect(client.send('final', 'hello')).resolves.toMatchObject({ status: 'accepted', id: expect.any(String) as string });

    server.onFrame = (socket, frame) => {
      if (frame.type !== 'send') return false;
      socket.push({ type: 'ack', cid: frame.cid, id: 'm-blocked', status: 'blocked', reason: 'word:banned-1' });
      return true;
    };
    const refused = await client.send('final', 'bad words').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SendRefusedError);
    expect(refused).toMatchObject({ code: 'send_refused', status: 'blocked', reason: 'word:banned-1', id: 'm-blocked', room: 'final', retriable: false });
  });

  it('an ack that never comes rejects with ack_timeout at ackTimeoutMs, not before', async () => {
    const { client } = start({ ackTimeoutMs: 3000 });
    await Promise.all([client.connect(), client.join('final'), tick()]);
    server.onFrame = (_socket, frame) => frame.type === 'send';
    let settled: unknown = null;
    client.send('final', 'into the void').then(
      () => (settled = 'resolved'),
      (err: unknown) => (settled = err),
    );
    await tick(2999);
    expect(settled).toBeNull();
    await tick(1);
    expect(settled).toBeInstanceOf(TribuneError);
    expect(settled).toMatchObject({ code: 'ack_timeout', room: 'final' });
  });

  it('refuses locally what the node would refuse: guests (read_only), rooms not joined (not_joined), more than maxPendingSends (rate_limited), no connection', async () => {
    const guest = start({ token: null });
    await Promise.all([guest.client.connect(), guest.client.join('final'), tick()]);
    await expect(guest.client.send('final', 'hi')).rejects.toMatchObject({ code: 'read_only' });
    guest.client.close();

    const { client } = start({ maxPendingSends: 2 });
    await expect(client.send('final', 'too early')).rejects.toMatchObject({ code: 'not_connected' });
    await Promise.all([client.connect(), client.join('final'), tick()]);
    await expect(client.send('other', 'hi')).rejects.toMatchObject({ code: 'not_joined' });
    await expect(client.send('final', 'x'.repeat(2001))).rejects.toMatchObject({ code: 'invalid_argument' });
    server.onFrame = (_socket, frame) => frame.type === 'send';
    const first = client.send('final', '1');
    const second = client.send('final', '2');
    await expect(client.send('final', '3')).rejects.toMatchObject({ code: 'rate_limited' });
    // The connection drops with both unanswered: they reject `disconnected` (may or may not be recorded).
    const dropped = Promise.all([expect(first).rejects.toMatchObject({ code: 'disconnected' }), expect(second).rejects.toMatchObject({ code: 'disconnected' })]);
    server.last().drop();
    await dropped;
  });
});

describe('TribuneClient: failover, backoff and recovery', () => {
  it('a dropped node: the client moves to the next URL, rejoins with since = the last message it had, reports recovered, and gives each missed message once', async () => {
    const { client, seen } = start({ random: () => 0.5 });
    await Promise.all([client.connect(), client.join('final'), tick()]);
    server.publish('final', 'one');
    server.publish('final', 'two');
    const lastSeen = seen.messages.at(-1)!.id;

    server.last().drop();
    expect(client.state).toBe('reconnecting');
    server.publish('final', 'missed 1');
    server.publish('final', 'missed 2');
    await tick(250);

    expect(client.url).toBe(B);
    const rejoin = server.last().joins();
    expect(rejoin).toEqual([{ type: 'join', room: 'final', since: lastSeen }]);
    expect(seen.joined.at(-1)).toMatchObject({ room: 'final', rejoin: true, recovered: true, url: B });
    server.publish('final', 'live again');
    expect(seen.messages.map((m) => m.text)).toEqual(['one', 'two', 'missed 1', 'missed 2', 'live again']);
  });

  it('a rejoin the node cannot fully answer (recovered: false, the recent 50) surfaces the gap and still gives nothing twice', async () => {
    const { client, seen } = start();
    await Promise.all([client.connect(), client.join('final'), tick()]);
    for (let i = 0; i < 5; i++) server.publish('final', `seen ${i}`);
    server.last().drop();
    // The new node lost the ring: it answers `recovered: false` with the recent messages, overlapping what we have.
    server.onFrame = (socket, frame) => {
      if (frame.type !== 'join') return false;
      socket.rooms.add(frame.room);
      socket.push({ type: 'joined', room: frame.room, history: [...server.log.get(frame.room)!].reverse(), viewers: 7, recovered: false });
      return true;
    };
    server.publish('final', 'missed');
    await tick(300);
    expect(seen.joined.at(-1)).toMatchObject({ recovered: false, rejoin: true, viewers: 7 });
    expect(seen.joined.at(-1)!.history.map((m) => m.text)).toEqual(['missed']);
    expect(seen.messages.map((m) => m.text)).toEqual(['seen 0', 'seen 1', 'seen 2', 'seen 3', 'seen 4', 'missed']);
  });

  it('unreachable nodes: attempts alternate over the URLs with full-jitter delays under a doubling ceiling capped at maxMs, and the backoff restarts once connected', async () => {
    server.refuse.add(A);
    server.refuse.add(B);
    const { client, seen } = start({ backoff: { baseMs: 100, maxMs: 1000 } });
    client.connect().catch(() => undefined);
    await tick(20_000);
    const waits = seen.states.filter((s) => s.state === 'reconnecting');
    expect(waits.length).toBeGreaterThan(8);
    waits.forEach((w, i) => {
      expect(w.attempt).toBe(i);
      expect(w.delayMs!).toBeGreaterThanOrEqual(0);
      expect(w.delayMs!).toBeLessThan(Math.min(1000, 100 * 2 ** i));
    });
    const tried = server.sockets.map((s) => s.base);
    expect(tried.slice(0, 4)).toEqual([A, B, A, B]);

    server.refuse.clear();
    await tick(1000);
    expect(client.state).toBe('open');
    await tick(6000);
    server.last().drop();
    expect(seen.states.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 0 });
  });

  it('a handshake that never completes is abandoned (and closed) at connectTimeoutMs, for the next node', async () => {
    server.hang.add(A);
    const { client } = start({ connectTimeoutMs: 2000 });
    client.connect().catch(() => undefined);
    await tick(1999);
    expect(client.state).toBe('connecting');
    await tick(1 + 250);
    expect(client.url).toBe(B);
    expect(server.sockets[0]!.closedBy, 'the hung socket was closed').not.toBeNull();
  });

  it('a node closing with 4010 (shutting down) is left for the other one', async () => {
    const { client } = start();
    await Promise.all([client.connect(), tick()]);
    server.last().drop(4010, 'shutting down');
    await tick(300);
    expect(client.url).toBe(B);
  });

  it('a connection that goes silent is pinged, and dropped for another node when no pong comes', async () => {
    const { client } = start({ pingIntervalMs: 1000, pongTimeoutMs: 500 });
    await Promise.all([client.connect(), tick()]);
    const first = server.last();
    await tick(1200);
    expect(first.sent.filter((f) => f.type === 'ping').length).toBe(1);
    expect(client.url).toBe(A);
    // The node answered: still on A. Now a dead link.
    server.onFrame = (_socket, frame) => frame.type === 'ping';
    await tick(1200 + 500 + 300);
    expect(client.url).toBe(B);
  });
});

describe('TribuneClient: tokens', () => {
  it('a token callback is called again before exp (by tokenRefreshMarginMs) and the next connection uses the new token', async () => {
    let issued = 0;
    const tokens = vi.fn(() => jwt(`viewer-${++issued}`, Math.floor(Date.now() / 1000) + 120));
    const { client } = start({ token: tokens, tokenRefreshMarginMs: 30_000 });
    await Promise.all([client.connect(), tick()]);
    expect(tokens).toHaveBeenCalledTimes(1);
    await tick(89_000);
    expect(tokens).toHaveBeenCalledTimes(1);
    await tick(1_000);
    expect(tokens).toHaveBeenCalledTimes(2);
    server.last().drop();
    await tick(300);
    expect(client.state).toBe('open');
    expect(server.last().token).toBe(jwt('viewer-2', Math.floor(1_800_000_000_000 / 1000) + 90 + 120));
    // No new fetch at the reconnect: the refreshed token was fresh.
    expect(tokens).toHaveBeenCalledTimes(2);
  });

  it('a token the node refuses (4001) is fetched again from the callback; a fixed one ends the client with bad_token', async () => {
    let issued = 0;
    server.onConnect = (socket) => (socket.token === 'stale' ? { code: 4001, reason: 'bad token: expired' } : undefined);
    const tokens = vi.fn(async () => (issued++ === 0 ? 'stale' : 'fresh'));
    const refreshing = start({ token: tokens });
    refreshing.client.connect().catch(() => undefined);
    await tick(500);
    expect(refreshing.client.state).toBe('open');
    expect(server.last().token).toBe('fresh');
    expect(refreshing.seen.errors.map((e) => e.code)).toEqual(['bad_token']);
    refreshing.client.close();

    const fixed = start({ token: 'stale' });
    const failed = expect(fixed.client.connect()).resolves.toBeUndefined();
    await tick(500);
    await failed;
    expect(fixed.client.state).toBe('closed');
    expect(fixed.seen.errors.map((e) => e.code)).toEqual(['bad_token']);
    const before = server.sockets.length;
    await tick(30_000);
    expect(server.sockets.length, 'no reconnect after a refused fixed token').toBe(before);
  });

  it('a failing token callback is an error event and a retry with backoff, not a crash', async () => {
    let calls = 0;
    const { client, seen } = start({
      token: () => {
        if (calls++ === 0) throw new Error('backend down');
        return jwt('v', Math.floor(Date.now() / 1000) + 600);
      },
    });
    client.connect().catch(() => undefined);
    await tick(500);
    expect(seen.errors.map((e) => e.code)).toEqual(['token_failed']);
    expect(client.state).toBe('open');
  });
});

describe('TribuneClient: close and listeners', () => {
  it('close() rejects pending work with closed and stops reconnecting', async () => {
    const { client } = start();
    await Promise.all([client.connect(), client.join('final'), tick()]);
    server.onFrame = (_socket, frame) => frame.type === 'send';
    const pending = client.send('final', 'hi');
    const rejected = expect(pending).rejects.toMatchObject({ code: 'closed' });
    client.close();
    await rejected;
    expect(client.state).toBe('closed');
    const count = server.sockets.length;
    await tick(60_000);
    expect(server.sockets.length).toBe(count);
    await expect(client.join('x')).rejects.toMatchObject({ code: 'closed' });
  });

  it('without a WebSocket (Node 20 has no global one) the constructor says what to pass', () => {
    const globalWs = (globalThis as { WebSocket?: unknown }).WebSocket;
    vi.stubGlobal('WebSocket', undefined);
    try {
      expect(() => new TribuneClient({ urls: A })).toThrow(/pass one, e.g. \{ WebSocket \} from the "ws" package/);
    } finally {
      vi.stubGlobal('WebSocket', globalWs);
    }
  });
});
