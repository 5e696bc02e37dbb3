import { describe, expect, it } from 'vitest';
import { parseTokenArgs, TokenArgsError, ttlSeconds } from './token-args';

describe('parseTokenArgs', () => {
  it('reads user, name, roles and ttl', () => {
    expect(parseTokenArgs(['--user', 'alice', '--name', 'Alice', '--roles', 'subscriber,moderator', '--ttl=2h'])).toEqual({ user: 'alice', name: 'Alice', roles: ['subscriber', 'moderator'], ttl: '2h' });
  });
  it('defaults name to the user, no roles, one hour', () => {
    expect(parseTokenArgs(['--user', 'bob'])).toEqual({ user: 'bob', name: 'bob', roles: [], ttl: '1h' });
  });
  it('rejects a missing user, unknown options and a bad ttl', () => {
    expect(() => parseTokenArgs(['--name', 'x'])).toThrow(TokenArgsError);
    expect(() => parseTokenArgs(['--user', 'a', '--admin', 'yes'])).toThrow(/unknown option/);
    expect(() => parseTokenArgs(['--user', 'a', '--ttl', 'forever'])).toThrow(/ttl/);
  });
});

describe('ttlSeconds', () => {
  it('reads s, m, h and d', () => {
    expect([ttlSeconds('45s'), ttlSeconds('30m'), ttlSeconds('1h'), ttlSeconds('7d')]).toEqual([45, 1800, 3600, 604_800]);
    expect(() => ttlSeconds('1w')).toThrow(/--ttl/);
  });
});
