import { createLogger } from '@tribune/service-kit';
import { readConfig } from '../../config';
import { createPrisma } from '../db/prisma';
import { createPgLoginThrottle } from './login-throttle';

// `npm run auth:unlock -w @tribune/console -- <email>`: ends the login lockout (and backoff) of one account,
// e.g. the admin after a guessing attack reached 100 failures. Needs only DATABASE_URL.
const email = process.argv[2]?.trim().toLowerCase();
const config = readConfig({ CHAT_TOKEN_SECRET: 'unused-by-unlock', ...process.env });
const logger = createLogger({ name: 'console-unlock', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
if (!email) {
  logger.error('usage: npm run auth:unlock -w @tribune/console -- <email>');
  process.exit(2);
}
const db = createPrisma(config.DATABASE_URL);
try {
  const cleared = await createPgLoginThrottle(db).clear({ scope: 'account', key: email });
  logger.info({ email, cleared }, 'login_throttle_cleared');
} finally {
  await db.$disconnect();
}
