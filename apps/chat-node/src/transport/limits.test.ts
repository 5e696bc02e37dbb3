import { describe, expect, it } from 'vitest';
import { ConnectionLimiter } from './connection-limits';
import { isOriginAllowed } from './origin-policy';
import { exceedsBuffer } from './slow-reader';

describe('ConnectionLimiter', () => {
  it('caps connections per address and frees a slot on release', () => {
    const limiter = new ConnectionLimiter(10, 2);
    expect(limiter.tryAcquire('1.1.1.1')).toEqual({ ok: true });
    expect(limiter.tryAcquire('1.1.1.1')).toEqual({ ok: true });
    expect(limiter.tryAcquire('1.1.1.1')).toEqual({ ok: false, reason: 'ip_limit' });
    expect(limiter.tryAcquire('2.2.2.2')).toEqual({ ok: true });
    limiter.release('1.1.1.1');
    expect(limiter.tryAcquire('1.1.1.1')).toEqual({ ok: true });
    expect(limiter.open).toBe(3);
  });

  it('caps the node total across addresses', () => {
    const limiter = new ConnectionLimiter(2, 5);
    limiter.tryAcquire('a');
    limiter.tryAcquire('b');
    expect(limiter.tryAcquire('c')).toEqual({ ok: false, reason: 'node_full' });
  });

  it('ignores a release for an address that holds nothing', () => {
    const limiter = new ConnectionLimiter(2, 1);
    limiter.release('ghost');
    expect(limiter.open).toBe(0);
    expect(limiter.tryAcquire('ghost')).toEqual({ ok: true });
  });
});

describe('isOriginAllowed', () => {
  it('allows any origin with *', () => {
    expect(isOriginAllowed('https://evil.example', ['*'])).toBe(true);
  });
  it('allows listed origins only, ignoring case and trailing slash', () => {
    const list = ['https://stream.example', 'http://localhost:3000'];
    expect(isOriginAllowed('https://Stream.example/', list)).toBe(true);
    expect(isOriginAllowed('http://localhost:3000', list)).toBe(true);
    expect(isOriginAllowed('https://evil.example', list)).toBe(false);
    expect(isOriginAllowed('https://stream.example.evil.example', list)).toBe(false);
  });
  it('lets non-browser clients without Origin through', () => {
    expect(isOriginAllowed(undefined, ['https://stream.example'])).toBe(true);
  });
});

describe('exceedsBuffer', () => {
  it('trips when the queued bytes plus the next frame pass the bound', () => {
    expect(exceedsBuffer(0, 100, 1024)).toBe(false);
    expect(exceedsBuffer(924, 100, 1024)).toBe(false);
    expect(exceedsBuffer(925, 100, 1024)).toBe(true);
    expect(exceedsBuffer(5000, 1, 1024)).toBe(true);
  });
});
