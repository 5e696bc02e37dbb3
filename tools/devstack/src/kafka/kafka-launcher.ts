import { execFile, type StdioOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { portOpen, startProcess, waitUntil, type ManagedProcess } from '../process/child-process';

export { portOpen };
import { KafkaSetupError, resolveKafkaClasspath } from './classpath';
import { newClusterId, renderLog4jProperties, renderServerProperties } from './kafka-config';
import { ensureTopics } from './topics';

const run = promisify(execFile);

export interface KafkaLaunchOptions {
  host?: string;
  port: number;
  /** This broker's directory: configuration files and `kafka/` (the partition logs). */
  dataDir: string;
  /** Where the resolved classpath is cached between starts. */
  cacheDir: string;
  topicPrefix: string;
  stdio?: StdioOptions;
  /** Broker JVM heap, e.g. `512m`. */
  heap?: string;
  readyTimeoutMs?: number;
  /** Called right after spawning the broker, before readiness (e.g. to read its output pipes). */
  onSpawn?: (proc: ManagedProcess) => void;
}

export interface KafkaHandle {
  brokers: string[];
  process: ManagedProcess;
  createdTopics: string[];
  stop(): Promise<void>;
}

/** Connects an admin client, checks the cluster answers, and creates the missing topics. */
export async function prepareCluster(brokers: string[], topicPrefix: string): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'tribune-devstack', brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.describeCluster();
    return await ensureTopics(admin, topicPrefix);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Runs Apache Kafka (KRaft, one node) from the Maven artifacts: formats the storage once, starts
 * `kafka.Kafka`, waits until an admin client gets through, and creates the topics.
 */
export async function startKafka(opts: KafkaLaunchOptions): Promise<KafkaHandle> {
  const host = opts.host ?? '127.0.0.1';
  const dataDir = resolve(opts.dataDir);
  const logDir = join(dataDir, 'kafka');
  const brokers = [`${host}:${opts.port}`];
  for (const port of [opts.port, opts.port + 1]) {
    if (await portOpen(host, port)) {
      throw new KafkaSetupError('KAFKA_START_FAILED', `port ${host}:${port} is already in use; stop what holds it or set KAFKA_BROKERS to use that cluster`);
    }
  }
  try {
    await run('java', ['-version']);
  } catch (err) {
    throw new KafkaSetupError('KAFKA_JAVA_MISSING', 'java not found: install a JRE 17+ (Debian: apt-get install -y openjdk-17-jre-headless) or set KAFKA_BROKERS', { cause: err });
  }
  const classpath = await resolveKafkaClasspath(opts.cacheDir);

  mkdirSync(logDir, { recursive: true });
  const serverProps = join(dataDir, 'server.properties');
  const log4jProps = join(dataDir, 'log4j.properties');
  writeFileSync(serverProps, renderServerProperties({ host, port: opts.port, logDir }));
  writeFileSync(log4jProps, renderLog4jProperties());

  const jvm = [`-Xms256m`, `-Xmx${opts.heap ?? '768m'}`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${log4jProps}`, '-cp', classpath];
  if (!existsSync(join(logDir, 'meta.properties'))) {
    try {
      await run('java', [...jvm, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(randomBytes(16)), '-c', serverProps, '--ignore-formatted']);
    } catch (err) {
      const detail = err as { stdout?: string; stderr?: string };
      throw new KafkaSetupError('KAFKA_FORMAT_FAILED', `kafka storage format failed: ${(detail.stdout ?? '') + (detail.stderr ?? '')}`.slice(0, 2000), { cause: err });
    }
  }

  // Own process group: the orchestrator, not a terminal's Ctrl-C, decides when the broker stops.
  const proc = startProcess('kafka', 'java', [...jvm, 'kafka.Kafka', serverProps], { stdio: opts.stdio ?? ['ignore', 'inherit', 'inherit'], detached: true });
  opts.onSpawn?.(proc);
  const stop = () => proc.stop(30_000);
  let createdTopics: string[] = [];
  try {
    await waitUntil(
      `kafka ${brokers[0]}`,
      async () => {
        createdTopics = await prepareCluster(brokers, opts.topicPrefix);
        return true;
      },
      { process: proc, timeoutMs: opts.readyTimeoutMs ?? 90_000, intervalMs: 500 },
    );
  } catch (err) {
    await stop();
    throw new KafkaSetupError('KAFKA_START_FAILED', err instanceof Error ? err.message : String(err), { cause: err });
  }
  return { brokers, process: proc, createdTopics, stop };
}
