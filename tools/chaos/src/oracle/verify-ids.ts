import type { Lane } from '../stack/lane';
import { clickhouseIds, clickhouseUnique } from './clickhouse-ids';
import { readTopicIds } from './kafka-ids';
import { tally, type Tally } from './tally';

export interface Verification {
  kafka: Tally;
  clickhouse: Tally;
  kafkaMessages: number;
  clickhouseRows: number;
  clickhouseUnique: number;
  /** From the call until ClickHouse held every id Kafka has; undefined when it never did. */
  catchUpMs: number | undefined;
  /** When ClickHouse was seen caught up (epoch ms). */
  caughtUpAt: number | undefined;
}

/**
 * The oracle: every acked id against Kafka's topic and ClickHouse's rows. Waits (up to `timeoutMs`)
 * until ClickHouse holds as many distinct ids of the lane's rooms as the topic has, then counts.
 */
export async function verifyIds(lane: Lane, acked: string[], timeoutMs: number): Promise<Verification> {
  const topic = await readTopicIds(lane.stack.brokers, lane.messagesTopic);
  const t0 = Date.now();
  let catchUpMs: number | undefined;
  let caughtUpAt: number | undefined;
  while (Date.now() - t0 < timeoutMs) {
    const unique = await clickhouseUnique(lane.stack.clickhouseUrl, lane.roomPrefix);
    if (unique !== undefined && unique >= topic.counts.size) {
      caughtUpAt = Date.now();
      catchUpMs = caughtUpAt - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const ch = await clickhouseIds(lane.stack.clickhouseUrl, lane.roomPrefix);
  return {
    kafka: tally(acked, topic.counts),
    clickhouse: tally(acked, ch.counts),
    kafkaMessages: topic.messages,
    clickhouseRows: ch.rows,
    clickhouseUnique: ch.unique,
    catchUpMs,
    caughtUpAt,
  };
}
