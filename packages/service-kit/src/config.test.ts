import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(7000),
  CHAT_TOKEN_SECRET: z.string().min(16),
  KAFKA_BROKERS: z.string().min(1),
});

describe('loadConfig', () => {
  it('parses and applies defaults', () => {
    const cfg = loadConfig(schema, { CHAT_TOKEN_SECRET: 'x'.repeat(16), KAFKA_BROKERS: 'a:9092' });
    expect(cfg.PORT).toBe(7000);
    expect(cfg.KAFKA_BROKERS).toBe('a:9092');
  });

  it('reports every bad variable by name at once', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'abc', CHAT_TOKEN_SECRET: 'short' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).issues.map((i) => i.variable).sort();
    expect(names).toEqual(['CHAT_TOKEN_SECRET', 'KAFKA_BROKERS', 'PORT']);
    expect((error as ConfigError).message).toContain('CHAT_TOKEN_SECRET');
  });
});
