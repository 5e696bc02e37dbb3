import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const KAFKA_POM = fileURLToPath(new URL('../../kafka/pom.xml', import.meta.url));

export class KafkaSetupError extends Error {
  constructor(
    readonly code: 'KAFKA_JAVA_MISSING' | 'KAFKA_MAVEN_FAILED' | 'KAFKA_FORMAT_FAILED' | 'KAFKA_START_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KafkaSetupError';
  }
}

/**
 * The broker's Java classpath, resolved by Maven from `kafka/pom.xml` into the user's Maven cache.
 * The answer is cached in `cacheDir` keyed by the pom's checksum, so a second start skips Maven
 * (unless a jar has since disappeared from the Maven cache).
 */
export async function resolveKafkaClasspath(cacheDir: string): Promise<string> {
  const pom = readFileSync(KAFKA_POM);
  const key = createHash('sha256').update(pom).digest('hex').slice(0, 12);
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `kafka-classpath-${key}.txt`);
  if (existsSync(file)) {
    const cached = readFileSync(file, 'utf8').trim();
    if (cached && cached.split(':').every((jar) => existsSync(jar))) return cached;
  }
  try {
    await run('mvn', ['-q', '-B', '-f', KAFKA_POM, 'dependency:build-classpath', `-Dmdep.outputFile=${file}`], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const detail = err as { code?: string; stdout?: string; stderr?: string };
    if (detail.code === 'ENOENT') throw new KafkaSetupError('KAFKA_MAVEN_FAILED', 'mvn not found: install Maven (Debian: apt-get install -y maven) or set KAFKA_BROKERS to an existing cluster', { cause: err });
    throw new KafkaSetupError('KAFKA_MAVEN_FAILED', `mvn could not resolve Kafka: ${(detail.stdout ?? '') + (detail.stderr ?? '')}`.slice(0, 2000), { cause: err });
  }
  return readFileSync(file, 'utf8').trim();
}
