import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE_CODES } from '@tribune/contracts';
import { createChatMetrics } from '../metrics';
import { WsSession, type SessionSocket } from './ws-session';

function fakeSocket(bufferedAmount = 0) {
  const socket = {
    readyState: WebSocket.OPEN as number,
    bufferedAmount,
    sent: [] as (string | Buffer)[],
    options: [] as unknown[],
    closedWith: null as [number, string] | null,
    terminated: false,
    send(data: string | Buffer, options?: unknown) {
      socket.sent.push(data);
      socket.options.push(options);
    },
    close(code: number, reason: string) {
      socket.closedWith = [code, reason];
    },
    terminate() {
      socket.terminated = true;
    },
  };
  return socket;
}

const make = (socket: ReturnType<typeof fakeSocket>, max = 1000) => {
  const metrics = createChatMetrics(new Registry());
  const session = new WsSession(socket as unknown as SessionSocket, { kind: 'guest' }, '127.0.0.1', max, metrics, pino({ level: 'silent' }));
  return { session, metrics };
};

describe('WsSession', () => {
  afterEach(() => vi.useRealTimers());

  it('sends frames as JSON text and counts them by type', async () => {
    const socket = fakeSocket();
    const { session, metrics } = make(socket);
    session.send({ type: 'pong' });
    expect(socket.sent).toEqual(['{"type":"pong"}']);
    expect((await metrics.framesOut.get()).values).toEqual([expect.objectContaining({ labels: { type: 'pong' }, value: 1 })]);
  });

  it('disconnects a slow reader with SLOW_READER instead of buffering more, and terminates it if it does not close', async () => {
    vi.useFakeTimers();
    const socket = fakeSocket(990);
    const { session, metrics } = make(socket, 1000);
    session.send({ type: 'notice', room: 'r', text: 'this frame does not fit' });
    expect(socket.sent).toEqual([]);
    expect(socket.closedWith?.[0]).toBe(CLOSE_CODES.SLOW_READER);
    expect((await metrics.disconnects.get()).values[0]).toMatchObject({ labels: { reason: 'slow_reader' }, value: 1 });
    session.send({ type: 'pong' });
    expect(socket.sent).toEqual([]);
    vi.advanceTimersByTime(1001);
    expect(socket.terminated).toBe(true);
  });

  it('writes shared bytes as they are, as a text frame, and counts nothing per viewer', async () => {
    const socket = fakeSocket();
    const { session, metrics } = make(socket);
    const bytes = Buffer.from('{"type":"pong"}');
    expect(session.sendShared(bytes)).toBe(true);
    expect(socket.sent[0]).toBe(bytes);
    expect(socket.options[0]).toEqual({ binary: false });
    expect((await metrics.framesOut.get()).values).toEqual([]);
  });

  it('cuts a slow reader on a shared write too, and reports it was not written', () => {
    const socket = fakeSocket(995);
    const { session } = make(socket, 1000);
    expect(session.sendShared(Buffer.alloc(10))).toBe(false);
    expect(socket.sent).toEqual([]);
    expect(socket.closedWith?.[0]).toBe(CLOSE_CODES.SLOW_READER);
  });

  it('drops frames for a socket that is no longer open', () => {
    const socket = fakeSocket();
    socket.readyState = WebSocket.CLOSING;
    make(socket).session.send({ type: 'pong' });
    expect(socket.sent).toEqual([]);
  });

  it('keeps close reasons within the protocol limit', () => {
    const socket = fakeSocket();
    make(socket).session.close(4000, 'é'.repeat(500));
    expect(Buffer.byteLength(socket.closedWith?.[1] ?? '')).toBeLessThanOrEqual(123);
  });
});
