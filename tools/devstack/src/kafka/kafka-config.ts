/** Pure renderers of the single-node KRaft broker's configuration files. */

export interface KafkaNodeConfig {
  host: string;
  /** Client (PLAINTEXT) port; the controller listens on `port + 1`. */
  port: number;
  /** Directory holding the partition logs and `meta.properties`. */
  logDir: string;
}

export function renderServerProperties({ host, port, logDir }: KafkaNodeConfig): string {
  const controller = `${host}:${port + 1}`;
  const lines: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${controller}`,
    listeners: `PLAINTEXT://${host}:${port},CONTROLLER://${controller}`,
    'advertised.listeners': `PLAINTEXT://${host}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': logDir,
    // One broker: internal topics cannot have more than one replica.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 12,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'num.partitions': 1,
    // Topics are created on purpose, with their partition counts, never by a typo in a producer.
    'auto.create.topics.enable': false,
    // A consumer group on a fresh dev broker should not wait 3 s for peers that never come.
    'group.initial.rebalance.delay.ms': 0,
    'log.retention.hours': 168,
    'log.segment.bytes': 64 * 1024 * 1024,
  };
  return `${Object.entries(lines)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('\n')}\n`;
}

/** reload4j configuration: warnings and errors only, one line each, on stdout. */
export function renderLog4jProperties(): string {
  return [
    'log4j.rootLogger=WARN, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=%p %m (%c{1})%n',
    // Started/stopped lines are worth seeing in a dev terminal.
    'log4j.logger.kafka.server.KafkaRaftServer=INFO',
    'log4j.logger.kafka.server.BrokerServer=WARN',
    // Expected on a single node (e.g. "no leader yet" while it elects itself).
    'log4j.logger.org.apache.kafka.clients.NetworkClient=ERROR',
    'log4j.logger.kafka.log.LogCleaner=ERROR',
    '',
  ].join('\n');
}

/** A KRaft cluster id: 16 random bytes, base64url without padding (what StorageTool random-uuid prints). */
export function newClusterId(random: Buffer): string {
  if (random.length !== 16) throw new Error('cluster id needs 16 bytes');
  // An id starting with '-' is read as an option by kafka-storage's argument parser (Kafka's own
  // Uuid.randomUuid() regenerates such ids): clearing the top bit keeps the first character in A-Z, a-f.
  const bytes = Buffer.from(random);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('base64url');
}
