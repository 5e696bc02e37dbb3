import { ConfigError } from '@tribune/service-kit';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

const base = { CHAT_TOKEN_SECRET: 'unit-test-secret-0123456789' };

function problems(env: Record<string, string>): string[] {
  try {
    readConfig({ ...base, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => i.variable);
  }
  return [];
}

describe('console config', () => {
  it('has working defaults, including HOST for npm start', () => {
    const config = readConfig(base);
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_PRETTY: false, TRPC_MAX_BATCH: 20, DEMO_TOKEN_TTL_SECONDS: 600 });
    expect(config.CHAT_NODE_URLS).toEqual(['ws://127.0.0.1:7000/ws', 'ws://127.0.0.1:7001/ws']);
  });

  it('reads booleans, the port, the host and the node list', () => {
    const config = readConfig({ ...base, COOKIE_SECURE: '1', LOG_PRETTY: 'true', PORT: '3100', HOST: '0.0.0.0', CHAT_NODE_URLS: ' ws://a:1/ws , ,ws://b:2/ws' });
    expect(config).toMatchObject({ COOKIE_SECURE: true, LOG_PRETTY: true, PORT: 3100, HOST: '0.0.0.0' });
    expect(config.CHAT_NODE_URLS).toEqual(['ws://a:1/ws', 'ws://b:2/ws']);
  });

  it('reads the extra spam-exempt roles (none by default)', () => {
    expect(readConfig(base).SPAM_EXEMPT_ROLES).toEqual([]);
    expect(readConfig({ ...base, SPAM_EXEMPT_ROLES: ' vip, ,bot ' }).SPAM_EXEMPT_ROLES).toEqual(['vip', 'bot']);
  });

  it('refuses by name a log level typo, a boolean it does not know, a bad port and a bad node URL', () => {
    expect(problems({ LOG_LEVEL: 'infoo' })).toEqual(['LOG_LEVEL']);
    expect(problems({ COOKIE_SECURE: 'yes' })).toEqual(['COOKIE_SECURE']);
    expect(problems({ LOG_PRETTY: 'on' })).toEqual(['LOG_PRETTY']);
    expect(problems({ PORT: '70000' })).toEqual(['PORT']);
    expect(problems({ CHAT_NODE_URLS: 'ws://a:1/ws,not a url' })[0]).toMatch(/^CHAT_NODE_URLS/);
    expect(problems({ CHAT_NODE_URLS: ' , ' })[0]).toMatch(/^CHAT_NODE_URLS/);
  });

  it('marks cookies Secure by default outside development; COOKIE_SECURE=0 turns it off', () => {
    expect(readConfig(base).COOKIE_SECURE).toBe(true);
    expect(readConfig({ ...base, NODE_ENV: 'production' }).COOKIE_SECURE).toBe(true);
    expect(readConfig({ ...base, NODE_ENV: 'test', COOKIE_SECURE: '' }).COOKIE_SECURE).toBe(true);
    expect(readConfig({ ...base, NODE_ENV: 'development' }).COOKIE_SECURE).toBe(false);
    expect(readConfig({ ...base, NODE_ENV: 'production', COOKIE_SECURE: '0' }).COOKIE_SECURE).toBe(false);
    expect(readConfig({ ...base, NODE_ENV: 'development', COOKIE_SECURE: 'true' }).COOKIE_SECURE).toBe(true);
  });

  it('needs a viewer token key: the legacy secret or kid:secret pairs', () => {
    expect(() => readConfig({})).toThrow(/CHAT_TOKEN_SECRETS/);
    expect(readConfig({ CHAT_TOKEN_SECRETS: `k1:${'s'.repeat(32)}` }).CHAT_TOKEN_SECRETS).toEqual([{ kid: 'k1', secret: 's'.repeat(32) }]);
    expect(problems({ DEMO_TOKEN_TTL_SECONDS: '86400' })).toEqual(['DEMO_TOKEN_TTL_SECONDS']);
  });
});
