import type { Logger } from '@tribune/service-kit';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own logs go through pino (structured, one stream). */
export function createKafka({ clientId, brokers, logger }: { clientId: string; brokers: string[]; logger: Logger }): Kafka {
  const log = logger.child({ module: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry;
        log[LEVELS[level] ?? 'info']({ namespace, ...fields, detail: message }, 'kafka_client_log');
      },
  });
}
