import type { Logger } from '@tribune/service-kit';
import type { Consumer, Kafka } from 'kafkajs';
import type { BatchProcessor } from './batch-processor';

export interface IngestConsumerOptions {
  groupId: string;
  topics: string[];
  sessionTimeoutMs: number;
  maxWaitMs: number;
  partitionsConcurrency: number;
  maxBytesPerPartition: number;
  maxBytes: number;
}

/** The kafkajs consumer group around a {@link BatchProcessor}: offsets move only when it says so. */
export class IngestConsumer {
  private readonly consumer: Consumer;
  private readonly log: Logger;
  private crashed: Error | null = null;
  /** A member of the group with partitions assigned: set on join, cleared while rebalancing, crashed or stopped. */
  private member = false;

  constructor(
    kafka: Kafka,
    private readonly processor: BatchProcessor,
    private readonly options: IngestConsumerOptions,
    logger: Logger,
    onFatal: (err: Error) => void,
  ) {
    this.log = logger.child({ module: 'consumer' });
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 10)),
      // The broker holds a fetch until 256 KiB are there or maxWait passed: large inserts under load,
      // bounded latency when quiet.
      minBytes: 256 * 1024,
      maxWaitTimeInMs: options.maxWaitMs,
      // A backlog is loaded in inserts of up to BATCH_MAX_ROWS: a fetch must be able to bring that many.
      maxBytesPerPartition: options.maxBytesPerPartition,
      maxBytes: options.maxBytes,
    });
    const { GROUP_JOIN, CRASH, REBALANCING, STOP, DISCONNECT } = this.consumer.events;
    this.consumer.on(REBALANCING, () => (this.member = false));
    this.consumer.on(STOP, () => (this.member = false));
    this.consumer.on(DISCONNECT, () => (this.member = false));
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      this.member = true;
      this.processor.forgetPartitions();
      this.log.info({ memberId: payload.memberId, assignment: payload.memberAssignment }, 'group_joined');
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.member = false;
      this.log.error({ err: payload.error, restart: payload.restart }, 'consumer_crashed');
      if (!payload.restart) {
        this.crashed = payload.error;
        onFatal(payload.error);
      }
    });
  }

  get failure(): Error | null {
    return this.crashed;
  }

  /**
   * Readiness: consuming, not merely started. After a SIGKILL the dead member keeps its partitions until its
   * session expires (`KAFKA_SESSION_TIMEOUT_MS`), and a restarted ingest is only a member once that rebalance ends.
   */
  get consuming(): boolean {
    return this.member && this.crashed === null;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    // A new group reads each topic from its start: every event ever produced gets loaded.
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrency,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale, pause }) => {
        const { topic, partition } = batch;
        await this.processor.process(
          { topic, partition, highWatermark: batch.highWatermark, messages: batch.messages },
          {
            resolveOffset,
            commit: (offset) => commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset }] }] }),
            heartbeat,
            isRunning,
            isStale,
            pause,
          },
        );
      },
    });
    this.log.info({ topics: this.options.topics, groupId: this.options.groupId }, 'consumer_started');
  }

  /** Stops fetching, lets the batch in hand finish or abandon (uncommitted), leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    this.log.info('consumer_stopped');
  }
}
