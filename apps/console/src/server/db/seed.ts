import type { AuthService } from '../auth/auth-service';
import type { Db } from './prisma';

export const DEMO_ROOM = { id: 'demo', title: 'Demo room', description: 'Created by the seed: chat here from /demo?room=demo.' };

/**
 * First operator (who must change the seeded password at first login) and the demo room; running it again changes
 * nothing (an operator keeps a changed password).
 */
export async function seed(deps: { db: Db; auth: AuthService }, admin: { email: string; password: string }) {
  const { operator, created } = await deps.auth.ensureOperator(admin.email, admin.password);
  await deps.db.room.upsert({ where: { id: DEMO_ROOM.id }, create: DEMO_ROOM, update: {} });
  return { operator, operatorCreated: created, room: DEMO_ROOM.id };
}
