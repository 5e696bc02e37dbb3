import { ConfigError, loadConfig } from '@tribune/service-kit';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config';

describe('ingest config', () => {
  it('fills the agreed defaults', () => {
    expect(loadConfig(configSchema, {})).toMatchObject({
      LOG_LEVEL: 'info',
      LOG_PRETTY: false,
      HOST: '0.0.0.0',
      PORT: 7100,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PREFIX: '',
      CLICKHOUSE_URL: 'http://127.0.0.1:8123',
      BATCH_MAX_ROWS: 20_000,
      KAFKA_PARTITIONS_CONCURRENCY: 4,
    });
  });

  it('reads the shared blocks: strict booleans, log levels, trimmed broker lists, ports', () => {
    const config = loadConfig(configSchema, { LOG_PRETTY: 'true', LOG_LEVEL: 'debug', KAFKA_BROKERS: ' k1:9092, k2:9093 ,', PORT: '0' });
    expect(config).toMatchObject({ LOG_PRETTY: true, LOG_LEVEL: 'debug', KAFKA_BROKERS: ['k1:9092', 'k2:9093'], PORT: 0 });
    expect(loadConfig(configSchema, { LOG_PRETTY: '' }).LOG_PRETTY).toBe(false);
  });

  it('reports every bad variable by name at once', () => {
    const err = (() => {
      try {
        loadConfig(configSchema, { PORT: '70000', LOG_PRETTY: 'yes', LOG_LEVEL: 'loud', KAFKA_BROKERS: 'kafka-without-port', BATCH_MAX_ROWS: '0' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const variables = (err as ConfigError).issues.map((i) => i.variable.split('.')[0]).sort();
    expect(variables).toEqual(['BATCH_MAX_ROWS', 'KAFKA_BROKERS', 'LOG_LEVEL', 'LOG_PRETTY', 'PORT']);
    expect(() => loadConfig(configSchema, { KAFKA_BROKERS: ' , ' })).toThrow(ConfigError);
  });
});
