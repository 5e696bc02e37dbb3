import { dlqEvent } from '@tribune/contracts';
import type { Producer } from 'kafkajs';
import type { DeadLetter, DeadLetterSink } from './dead-letters';

/** Produces dead letters to `chat.dlq` with the idempotent producer, acks from all in-sync replicas. */
export class KafkaDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async send(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: letters.map(({ key, event }) => ({ key, value: JSON.stringify(dlqEvent.parse(event)) })),
    });
  }
}
