import { createLogger } from '@tribune/service-kit';
import { readConfig } from '../../config';
import { ensureDatabase, migrateDeploy } from './migrate';

// `npm run db:deploy`: create the database if needed, then apply prisma/migrations.
const env = { CHAT_TOKEN_SECRET: 'unused-by-migrations', ...process.env };
const config = readConfig(env);
const logger = createLogger({ name: 'console-migrate', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
await ensureDatabase(config.DATABASE_URL, logger);
const applied = await migrateDeploy(config.DATABASE_URL, logger);
logger.info({ applied: applied.length }, 'migrations_done');
