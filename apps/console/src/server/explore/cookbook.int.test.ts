import { randomUUID } from 'node:crypto';
import { COOKBOOK } from '@tribune/analytics';
import { createLogger } from '@tribune/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { consoleTestEnv, startTestServices } from '../testing/operator-caller';
import { adminClickHouse, callerWithRole, seedMessages, type SeedMessage } from './explore-test-kit';

// Every cookbook question, run as an analyst through explore.run on real ClickHouse over rows seeded in a room of
// its own (plus a decoy room that must never show up), with its answer asserted.
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`cookbook-${run}`);
const logger = createLogger({ name: 'console-cookbook-int', level: 'warn' });
const room = `cook-${run}`;
const decoy = `cook-decoy-${run}`;
const ch = adminClickHouse();

let services: Services;
let analyst: Awaited<ReturnType<typeof callerWithRole>>;

let n = 0;
const msg = (ts: string, user: string, status: string, extra: Partial<SeedMessage> = {}): SeedMessage => ({
  id: `${run}-${String(++n).padStart(3, '0')}`,
  ts,
  room,
  user_id: user,
  user_name: `name-${user}`,
  text: `text ${n}`,
  status,
  ...extra,
});

beforeAll(async () => {
  services = (await startTestServices(env, logger, { email: `boot-${run}@tribune.test`, password: 'integration-password' })).services;
  analyst = await callerWithRole(services, 'analyst', run);
  await seedMessages(ch, [
    // Day 1 (rules version 1): 4 messages, 2 refused by rule w1 (one also hit s1, which refused only that one), 1 masked by w2.
    msg('2026-11-28 20:00:00.000', 'u1', 'accepted'),
    msg('2026-11-28 20:00:05.000', 'u2', 'blocked', { hit_rule_ids: ['w1'] }),
    msg('2026-11-28 20:00:10.000', 'u2', 'rejected', { hit_rule_ids: ['w1', 's1'] }),
    msg('2026-11-28 20:00:15.000', 'u3', 'masked', { hit_rule_ids: ['w2'] }),
    // Day 2 (rules version 2 from 12:00): 5 messages, 1 blocked by w1.
    msg('2026-11-29 11:00:00.000', 'u1', 'accepted'),
    msg('2026-11-29 12:00:00.000', 'u1', 'accepted', { rules_version: 2 }),
    msg('2026-11-29 12:00:01.000', 'u1', 'blocked', { hit_rule_ids: ['w1'], rules_version: 2 }),
    msg('2026-11-29 12:00:02.000', 'u4', 'accepted', { rules_version: 2 }),
    msg('2026-11-29 12:00:03.000', 'u2', 'held', { hit_rule_ids: ['w3'], rules_version: 2 }),
    // Another room, same times: never counted.
    { ...msg('2026-11-28 20:00:05.000', 'u9', 'blocked', { hit_rule_ids: ['w1'] }), room: decoy },
  ]);
}, 60_000);

afterAll(async () => {
  await services?.close();
  await ch.close();
});

const entry = (id: string) => {
  const e = COOKBOOK.find((c) => c.id === id);
  if (!e) throw new Error(`no cookbook entry ${id}`);
  return e;
};

async function ask(id: string, params: Record<string, string>) {
  const e = entry(id);
  // The defaults name every parameter the SQL uses: the test overrides their values, never adds one.
  expect(Object.keys(params).sort()).toEqual(Object.keys(e.defaults(new Date())).sort());
  const r = await analyst.caller.explore.run({ sql: e.sql, params });
  const names = r.columns.map((c) => c.name);
  if (e.chart) expect(names).toEqual(expect.arrayContaining([e.chart.x, e.chart.y]));
  return r.rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
}

describe('the cookbook', () => {
  it('has the four questions, each with a title and SQL', () => {
    expect(COOKBOOK.map((e) => e.id)).toEqual(['refusal-rate-per-rule-per-day', 'top-chatters-of-a-match', 'messages-around-a-moment', 'block-rate-by-rules-version']);
  });

  it('serves them through explore.cookbook with default values for every parameter', async () => {
    const served = await analyst.caller.explore.cookbook();
    expect(served.map((e) => e.id)).toEqual(COOKBOOK.map((e) => e.id));
    // Each runs as served (defaults: room `demo`, recent times) without an error.
    for (const e of served) await analyst.caller.explore.run({ sql: e.sql, params: e.params });
  });

  it('refusal rate per rule per day', async () => {
    const rows = await ask('refusal-rate-per-rule-per-day', { room, from: '2026-11-28', to: '2026-11-29' });
    expect(rows).toEqual([
      { day: '2026-11-28', rule_id: 'w1', refused: '2', messages: '4', refused_pct: 50 },
      { day: '2026-11-28', rule_id: 's1', refused: '1', messages: '4', refused_pct: 25 },
      { day: '2026-11-29', rule_id: 'w1', refused: '1', messages: '5', refused_pct: 20 },
      { day: '2026-11-29', rule_id: 'w3', refused: '1', messages: '5', refused_pct: 20 },
    ]);
    // The range is inclusive of its days and nothing else.
    expect(await ask('refusal-rate-per-rule-per-day', { room, from: '2026-11-29', to: '2026-11-29' })).toHaveLength(2);
  });

  it('top chatters of a match', async () => {
    const rows = await ask('top-chatters-of-a-match', { room, from: '2026-11-28 19:00:00', to: '2026-11-29 13:00:00', top: '3' });
    expect(rows).toEqual([
      { user_id: 'u1', user_name: 'name-u1', messages: '4', refused: '1' },
      { user_id: 'u2', user_name: 'name-u2', messages: '3', refused: '3' },
      { user_id: 'u3', user_name: 'name-u3', messages: '1', refused: '0' },
    ]);
  });

  it('the messages around a moment', async () => {
    const rows = await ask('messages-around-a-moment', { room, at: '2026-11-29 12:00:01.500', seconds: '1' });
    expect(rows.map((r) => [r.ts, r.user_name, r.status, r.text])).toEqual([
      ['2026-11-29 12:00:01.000', 'name-u1', 'blocked', 'text 7'],
      ['2026-11-29 12:00:02.000', 'name-u4', 'accepted', 'text 8'],
    ]);
  });

  it('how a rule change moved the block rate', async () => {
    const rows = await ask('block-rate-by-rules-version', { room, from: '2026-11-28 00:00:00', to: '2026-11-30 00:00:00' });
    expect(rows).toEqual([
      { rules_version: '1', first_message: '2026-11-28 20:00:00.000', messages: '5', blocked: '1', blocked_pct: 20, refused: '2', refused_pct: 40 },
      { rules_version: '2', first_message: '2026-11-29 12:00:00.000', messages: '4', blocked: '1', blocked_pct: 25, refused: '2', refused_pct: 50 },
    ]);
  });
});
