import { createLogger } from '@tribune/service-kit';
import { readConfig } from '../../config';
import { createAuthService } from '../auth/auth-service';
import { createPgLoginThrottle } from '../auth/login-throttle';
import { createPrisma } from './prisma';
import { seed } from './seed';

// `npm run db:seed`: the first operator (CONSOLE_ADMIN_EMAIL / CONSOLE_ADMIN_PASSWORD) and the demo room.
const config = readConfig({ CHAT_TOKEN_SECRET: 'unused-by-the-seed', ...process.env });
const logger = createLogger({ name: 'console-seed', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
const db = createPrisma(config.DATABASE_URL);
try {
  const result = await seed(
    { db, auth: createAuthService({ db, throttle: createPgLoginThrottle(db), sessionTtlMs: 0, sessionIdleMs: 0, logger }) },
    { email: config.CONSOLE_ADMIN_EMAIL, password: config.CONSOLE_ADMIN_PASSWORD },
  );
  logger.info({ email: result.operator.email, created: result.operatorCreated, mustChangePassword: result.operator.mustChangePassword, room: result.room }, 'seed_done');
} finally {
  await db.$disconnect();
}
