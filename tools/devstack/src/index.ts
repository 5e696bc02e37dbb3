// For scripts and integration tests that need a piece of the local stack; apps' code never imports
// devstack, their integration tests may (see `@tribune/devstack/testing`).
export { startChdbServer, type ChdbServerHandle } from './clickhouse/chdb-process';
export { migrateClickHouse, readMigrations, MigrationError, type MigrateResult } from './clickhouse/migrate';
export { splitStatements } from './clickhouse/split-statements';
export { startKafka, prepareCluster, type KafkaHandle } from './kafka/kafka-launcher';
export { ensureTopics } from './kafka/topics';
export { recreateTestDatabase, ensureDatabase } from './services/postgres';
export { startProcess, waitUntil, httpOk, portOpen, type ManagedProcess } from './process/child-process';
export { ensurePostgres, type PostgresHandle } from './services/postgres';
export { startRedisServer, redisPing, type RedisServerHandle, type RedisServerOptions } from './services/redis';
export { startRedisCluster, type RedisClusterHandle, type RedisClusterOptions } from './services/redis-cluster';
