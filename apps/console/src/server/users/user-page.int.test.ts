import { randomUUID } from 'node:crypto';
import { CLICKHOUSE, redisNames, SANCTION_WRITE_SCRIPT, sanctionField } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../api/root';
import { createContext } from '../api/trpc';
import { hashSessionToken, newSessionToken, SESSION_COOKIE } from '../auth/session-token';
import type { Role } from '../access/principal';
import type { Services } from '../services';
import { consoleTestEnv, operatorCaller, startTestServices } from '../testing/operator-caller';

// users.get over rows stored in the real ClickHouse and a timeout key in the real Redis: newest first across rooms,
// bounded by the window and the limit, a deleted message shown as deleted, a scoped moderator seeing only its rooms.
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`users-it-${run}`);
const logger = createLogger({ name: 'users-int', level: 'warn' });
const operator = { email: `op-users-${run}@tribune.test`, password: 'integration-password' };
const user = `viewer-${run}`;
const roomA = `ua-${run}`;
const roomB = `ub-${run}`;
const now = Date.now();
const minutesAgo = (m: number) => now - m * 60_000;
const chTs = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

let services: Services;

const messages = [
  { id: `${run}-m1`, ts: minutesAgo(30), room: roomA, user_id: user, text: 'first in A', status: 'accepted' },
  { id: `${run}-m2`, ts: minutesAgo(20), room: roomB, user_id: user, text: 'in B, blocked', status: 'blocked' },
  { id: `${run}-m3`, ts: minutesAgo(10), room: roomA, user_id: user, text: 'to be deleted', status: 'accepted' },
  { id: `${run}-m4`, ts: minutesAgo(5), room: roomA, user_id: `someone-else-${run}`, text: 'not theirs', status: 'accepted' },
  { id: `${run}-m5`, ts: now - 10 * 86_400_000, room: roomA, user_id: user, text: 'ten days old', status: 'accepted' },
  { id: `${run}-m6`, ts: minutesAgo(40), room: roomA, user_id: user, text: 'held, then approved', status: 'held' },
];
const decisions = [
  { id: `${run}-d1`, ts: minutesAgo(20), room: roomB, message_id: `${run}-m2`, user_id: user, source: 'engine', action: 'block', hit_kind: 'word', hit_term: 'zorp', reason: '' },
  { id: `${run}-d0`, ts: minutesAgo(39), room: roomA, message_id: `${run}-m6`, user_id: user, source: 'operator', action: 'approve', hit_kind: 'word', hit_term: 'zorp', reason: 'review: approved by mod' },
  { id: `${run}-d2`, ts: minutesAgo(8), room: roomA, message_id: `${run}-m3`, user_id: user, source: 'operator', action: 'delete', hit_kind: '', hit_term: '', reason: 'spoiler' },
];

async function callerAs(role: Role, rooms: string[] = []) {
  const op = await services.db.operator.create({ data: { email: `${role}-${randomUUID().slice(0, 6)}-${run}@tribune.test`, passwordHash: 'unused', role, rooms } });
  const token = newSessionToken();
  await services.db.session.create({ data: { tokenHash: hashSessionToken(token), operatorId: op.id, expiresAt: new Date(Date.now() + 3600_000) } });
  return createCaller(await createContext(services, { headers: new Headers({ cookie: `${SESSION_COOKIE}=${token}` }) }));
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, operator)).services;
  await services.clickhouse.insert({
    table: CLICKHOUSE.messages,
    format: 'JSONEachRow',
    values: messages.map((m, i) => ({
      ...m,
      ts: chTs(m.ts),
      user_name: `Name ${m.user_id}`,
      user_roles: [],
      delivered_text: null,
      hits: '[]',
      hit_rule_ids: [],
      hit_terms: m.status === 'blocked' ? ['zorp'] : [],
      hit_actions: [],
      cid: `c${i}`,
      node: 'users-node',
      rules_version: 1,
      kafka_topic: 'test.chat.messages',
      kafka_partition: 0,
      kafka_offset: i,
    })),
  });
  await services.clickhouse.insert({
    table: CLICKHOUSE.moderationEvents,
    format: 'JSONEachRow',
    values: decisions.map((d, i) => ({ ...d, ts: chTs(d.ts), hit: '', hit_rule_id: '', node: 'users-node', rules_version: 1, kafka_topic: 'test.chat.moderation', kafka_partition: 0, kafka_offset: i })),
  });
  // A timeout in room B as the console and the nodes write it (packages/contracts sanctions.ts): key + index.
  const names = redisNames(services.config.REDIS_PREFIX);
  const record = { v: 1, kind: 'timeout', room: roomB, userId: user, until: now + 600_000, by: 'mod@tribune.test', reason: 'cool down', ts: now };
  await services.redis.eval(SANCTION_WRITE_SCRIPT, 2, names.userTimeout(roomB, user), names.userSanctions(user), String(now + 600_000), 600, sanctionField('timeout', roomB), JSON.stringify(record));
});

afterAll(async () => {
  const names = redisNames(services.config.REDIS_PREFIX);
  await services?.redis.del(names.userTimeout(roomB, user), names.userSanctions(user));
  await services?.close();
});

describe('users.get', () => {
  it('gives an admin the viewer’s recent messages across rooms newest first, the decisions, the deleted one marked, the timeout', async () => {
    const admin = await operatorCaller(services, operator);
    const page = await admin.users.get({ userId: user });
    expect(page.messages.map((m) => [m.id, m.room, m.status])).toEqual([
      [`${run}-m3`, roomA, 'deleted'],
      [`${run}-m2`, roomB, 'blocked'],
      [`${run}-m1`, roomA, 'accepted'],
      [`${run}-m6`, roomA, 'held, approved'],
    ]);
    expect(page.name).toBe(`Name ${user}`);
    expect(page.truncated).toBe(false);
    expect(page.decisions.map((d) => [d.id, d.action, d.source])).toEqual([
      [`${run}-d2`, 'delete', 'operator'],
      [`${run}-d1`, 'block', 'engine'],
      [`${run}-d0`, 'approve', 'operator'],
    ]);
    expect(page.sanctions).toEqual([{ kind: 'timeout', room: roomB, until: now + 600_000, by: 'mod@tribune.test', reason: 'cool down' }]);
    expect(page.canAct).toBe(true);
  });

  it('is bounded: a longer window reaches the old message, a limit keeps the newest and says it cut', async () => {
    const admin = await operatorCaller(services, operator);
    expect((await admin.users.get({ userId: user, days: 30 })).messages.map((m) => m.id)).toContain(`${run}-m5`);
    const cut = await admin.users.get({ userId: user, limit: 2 });
    expect(cut.messages.map((m) => m.id)).toEqual([`${run}-m3`, `${run}-m2`]);
    expect(cut.truncated).toBe(true);
  });

  it('shows a moderator scoped to a room only that room’s rows; an analyst reads but may not act', async () => {
    const scoped = await (await callerAs('moderator', [roomA])).users.get({ userId: user });
    expect(scoped.rooms).toEqual([roomA]);
    expect(scoped.messages.map((m) => m.id)).toEqual([`${run}-m3`, `${run}-m1`, `${run}-m6`]);
    expect(scoped.decisions.map((d) => d.id)).toEqual([`${run}-d2`, `${run}-d0`]);
    expect(scoped.sanctions).toEqual([]);
    const analyst = await (await callerAs('analyst')).users.get({ userId: user });
    expect(analyst.messages).toHaveLength(4);
    expect(analyst.canAct).toBe(false);
  });

  it('refuses an empty user id naming the field', async () => {
    const admin = await operatorCaller(services, operator);
    await expect(admin.users.get({ userId: '  ' })).rejects.toThrow(/a user id is needed/);
  });
});
