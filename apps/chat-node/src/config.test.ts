import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@tribune/service-kit';
import { configSchema } from './config';

describe('chat-node config', () => {
  it('fills the agreed defaults', () => {
    const config = loadConfig(configSchema, { CHAT_TOKEN_SECRET: 'x'.repeat(16), PORT: '7001' });
    expect(config).toMatchObject({
      nodeId: 'node-7001',
      host: '127.0.0.1',
      port: 7001,
      publicUrl: 'ws://127.0.0.1:7001/ws',
      allowedOrigins: ['*'],
      rulesPollMs: 30_000,
      heartbeatMs: 5000,
      kafka: { brokers: ['127.0.0.1:9092'], topicPrefix: '' },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'tribune', clusterNodes: null },
      log: { level: 'info', pretty: false },
    });
    expect(config.limits.maxConnections).toBeLessThan(20_000);
    expect(config.limits.maxPayloadBytes).toBe(8192);
    expect(config.delivery).toEqual({ flushMs: 50, maxBatch: 100, maxViewerRate: 60, ringSize: 500, maxLanes: 8, sliceMs: 4 });
    expect(config.roomLingerMs).toBe(30_000);
  });

  it('reads Redis Cluster seeds from REDIS_URL with REDIS_CLUSTER=1, and names a bad seed', () => {
    const base = { CHAT_TOKEN_SECRET: 'x'.repeat(16), REDIS_CLUSTER: '1' };
    const config = loadConfig(configSchema, { ...base, REDIS_URL: 'redis://10.0.0.1:7001, 10.0.0.2:7002' });
    expect(config.redis.clusterNodes).toEqual([
      { host: '10.0.0.1', port: 7001 },
      { host: '10.0.0.2', port: 7002 },
    ]);
    expect(() => loadConfig(configSchema, { ...base, REDIS_URL: 'redis://10.0.0.1:7001,http://x:1' })).toThrow(/REDIS_URL/);
  });

  it('reads the delivery settings and refuses a flush interval past a second, by name', () => {
    const base = { CHAT_TOKEN_SECRET: 'x'.repeat(16) };
    const config = loadConfig(configSchema, { ...base, DELIVERY_FLUSH_MS: '20', DELIVERY_MAX_VIEWER_RATE: '200', HISTORY_RING_SIZE: '1000', ROOM_LINGER_SECONDS: '0' });
    expect(config.delivery).toMatchObject({ flushMs: 20, maxViewerRate: 200, ringSize: 1000 });
    expect(config.roomLingerMs).toBe(0);
    expect(() => loadConfig(configSchema, { ...base, DELIVERY_FLUSH_MS: '5000' })).toThrow(/DELIVERY_FLUSH_MS/);
  });

  it('reads LOG_PRETTY as the shared boolean', () => {
    const base = { CHAT_TOKEN_SECRET: 'x'.repeat(16) };
    expect(loadConfig(configSchema, { ...base, LOG_PRETTY: '1' }).log.pretty).toBe(true);
    expect(loadConfig(configSchema, { ...base, LOG_PRETTY: 'true', LOG_LEVEL: 'debug' }).log).toEqual({ pretty: true, level: 'debug' });
    expect(loadConfig(configSchema, { ...base, LOG_PRETTY: '' }).log.pretty).toBe(false);
  });

  it('splits comma lists', () => {
    const config = loadConfig(configSchema, { CHAT_TOKEN_SECRET: 'x'.repeat(16), ALLOWED_ORIGINS: 'https://a.example, https://b.example', KAFKA_BROKERS: 'k1:9092,k2:9092' });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
  });

  it('reports every bad variable by name at once', () => {
    try {
      loadConfig(configSchema, { CHAT_TOKEN_SECRET: 'short', PORT: '0', MAX_CONNECTIONS: '25000', LOG_PRETTY: 'yes', LOG_LEVEL: 'loud', MAX_PENDING_SENDS: '0' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues.map((i) => i.variable).sort()).toEqual([
        'CHAT_TOKEN_SECRET',
        'LOG_LEVEL',
        'LOG_PRETTY',
        'MAX_CONNECTIONS',
        'MAX_PENDING_SENDS',
        'PORT',
      ]);
    }
  });
});

describe('chat-node viewer token config', () => {
  it('accepts the legacy single secret as the key for tokens without kid, with the default iss/aud/lifetime', () => {
    const config = loadConfig(configSchema, { CHAT_TOKEN_SECRET: 'x'.repeat(16) });
    expect(config.viewerTokens).toEqual({ keys: [{ kid: null, secret: 'x'.repeat(16) }], issuer: 'tribune', audience: 'tribune-chat', maxLifetimeSeconds: 86_400 });
  });

  it('reads kid:secret pairs for a rotation, besides the legacy secret, and the configured iss/aud/lifetime', () => {
    const config = loadConfig(configSchema, {
      CHAT_TOKEN_SECRETS: `k2:${'n'.repeat(20)}, k1:${'o'.repeat(20)}`,
      CHAT_TOKEN_SECRET: 'l'.repeat(16),
      CHAT_TOKEN_ISSUER: 'site.example',
      CHAT_TOKEN_AUDIENCE: 'chat.site.example',
      CHAT_TOKEN_MAX_LIFETIME_SECONDS: '900',
    });
    expect(config.viewerTokens).toEqual({
      keys: [
        { kid: 'k2', secret: 'n'.repeat(20) },
        { kid: 'k1', secret: 'o'.repeat(20) },
        { kid: null, secret: 'l'.repeat(16) },
      ],
      issuer: 'site.example',
      audience: 'chat.site.example',
      maxLifetimeSeconds: 900,
    });
  });

  it('refuses no key at all, a short or kid-less entry and a kid listed twice — by name, never echoing a secret', () => {
    const issues = (env: Record<string, string>) => {
      try {
        loadConfig(configSchema, env);
        return [];
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).message).not.toContain('sekret');
        return (err as ConfigError).issues.map((i) => i.variable);
      }
    };
    expect(issues({})).toEqual(['CHAT_TOKEN_SECRETS']);
    expect(issues({ CHAT_TOKEN_SECRETS: 'k1:sekret' })).toEqual(['CHAT_TOKEN_SECRETS']);
    expect(issues({ CHAT_TOKEN_SECRETS: 'sekret-without-a-kid-0123456789' })).toEqual(['CHAT_TOKEN_SECRETS']);
    expect(issues({ CHAT_TOKEN_SECRETS: `k1:${'a'.repeat(16)},k1:${'b'.repeat(16)}sekret` })).toEqual(['CHAT_TOKEN_SECRETS']);
    expect(issues({ PORT: '0' }).sort()).toEqual(['CHAT_TOKEN_SECRETS', 'PORT']);
  });
});
