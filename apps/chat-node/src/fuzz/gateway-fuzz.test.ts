import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, exchange, textFrame, upgradeRequest } from './raw-client';
import { fuzzGateway } from './gateway-fuzz';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target';

// The short run of the gateway fuzz (`npm run fuzz` is the long one): the real gateway on a real socket.
let target: FuzzTarget;
const faults: unknown[] = [];
const onFault = (err: unknown) => faults.push(err);

beforeAll(async () => {
  process.on('unhandledRejection', onFault);
  target = await startFuzzTarget();
});
afterAll(async () => {
  process.off('unhandledRejection', onFault);
  await target.close();
});

const healthy = async () => (await fetch(`http://127.0.0.1:${target.port}/healthz`)).status;

describe('gateway under hostile input', () => {
  it('answers an absolute-form upgrade target with a bad port with 400 and keeps serving', async () => {
    const x = await exchange(target.port, upgradeRequest('http://a:b:c/ws'), { done: (e) => e.status !== null, timeoutMs: 3000 });
    expect(x.status).toBe(400);
    expect(await healthy()).toBe(200);
  });

  it('frees the connection slot of a handshake that ws aborts (bad Sec-WebSocket-Key)', async () => {
    const bad = Buffer.from('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: nope\r\nSec-WebSocket-Version: 13\r\n\r\n');
    for (let i = 0; i < 5; i++) expect((await exchange(target.port, bad, { done: (e) => e.status !== null, timeoutMs: 3000 })).status).toBe(400);
    await expect.poll(() => target.gateway.slotsHeld, { timeout: 2000 }).toBe(0);
  });

  it('budgets what a guest can send: a ping flood is refused with rate_limited, then closed with 4029', async () => {
    const flood = Array.from({ length: 600 }, () => encodeFrame(textFrame('{"type":"ping"}')));
    const x = await exchange(target.port, upgradeRequest('/ws'), { afterUpgrade: flood, done: (e) => e.closeCode !== null, timeoutMs: 5000 });
    expect(x.closeCode).toBe(4029);
    const frames = x.texts.map((t) => JSON.parse(t) as { type: string; code?: string });
    // The burst (200), plus what refilled at 50/s while the flood was read.
    const pongs = frames.filter((f) => f.type === 'pong').length;
    expect(pongs).toBeGreaterThanOrEqual(200);
    expect(pongs).toBeLessThan(300);
    expect(frames.some((f) => f.type === 'error' && f.code === 'rate_limited')).toBe(true);
    expect(frames.filter((f) => f.type === 'error').length).toBeLessThanOrEqual(2);
  });

  it('closes a connection that sends invalid frames past its budget with 4029', async () => {
    const junk = Array.from({ length: 30 }, () => encodeFrame(textFrame('not json')));
    const x = await exchange(target.port, upgradeRequest('/ws'), { afterUpgrade: junk, done: (e) => e.closeCode !== null, timeoutMs: 5000 });
    expect(x.closeCode).toBe(4029);
    expect(x.texts.map((t) => (JSON.parse(t) as { code?: string }).code).filter((c) => c === 'bad_json').length).toBe(20);
  });

  it('survives random request lines, headers, tokens and frames, each answered with a status or a close code', async () => {
    const { inputs, tally } = await fuzzGateway(target, { runs: 1500, concurrency: 4, shrink: true });
    expect(inputs).toBeGreaterThan(1500);
    // The generator reaches every kind of outcome, so the oracle was exercised on each.
    const kinds = [...tally.keys()];
    expect(kinds.some((k) => k === 'ws open')).toBe(true);
    expect(kinds.some((k) => k.startsWith('ws close 100'))).toBe(true);
    expect(kinds.some((k) => k.startsWith('http 4'))).toBe(true);
    expect(await healthy()).toBe(200);
    await expect.poll(() => target.gateway.slotsHeld, { timeout: 5000 }).toBe(0);
    expect(faults).toEqual([]);
  }, 120_000);
});
