import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { closeServer, createLogger, createMetricsRegistry, installProcessGuards, installShutdown, listen, loadConfigOrExit } from '@tribune/service-kit';
import { ChdbEngine } from './chdb-engine';
import { chdbServerConfigSchema } from './config';
import { createChdbHttpServer } from './http-server';

// Composition root of the embedded ClickHouse server: one process owns the chdb data directory and
// everyone else (apps, curl, clickhouse tools) reaches it over ClickHouse's HTTP interface.
const config = loadConfigOrExit(chdbServerConfigSchema, 'chdb-server');
const logger = createLogger({ name: 'chdb-server', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
const dataDir = resolve(config.CLICKHOUSE_DATA_DIR);
mkdirSync(dataDir, { recursive: true });

let engine: ChdbEngine;
try {
  engine = new ChdbEngine(dataDir, logger);
} catch (err) {
  logger.fatal({ err, dataDir }, 'chdb_open_failed');
  process.exit(1);
}
const registry = createMetricsRegistry('chdb_server_');
const server = createChdbHttpServer({ engine, logger, registry, auth: { user: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD, readonlyUsers: config.CLICKHOUSE_READONLY_USERS } });

const shutdown = installShutdown(logger, [
  { name: 'http', run: () => closeServer(server) },
  { name: 'chdb', run: () => engine.close() },
]);
installProcessGuards({ logger, registry, prefix: 'chdb_server_', shutdown });

try {
  await listen(server, config.CLICKHOUSE_HTTP_HOST, config.CLICKHOUSE_HTTP_PORT);
} catch (err) {
  logger.fatal({ err, port: config.CLICKHOUSE_HTTP_PORT }, 'listen_failed');
  await engine.close();
  process.exit(1);
}
logger.info({ url: `http://${config.CLICKHOUSE_HTTP_HOST}:${config.CLICKHOUSE_HTTP_PORT}`, dataDir }, 'chdb_server_listening');
