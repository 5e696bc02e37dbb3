import { randomUUID } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import { CLICKHOUSE } from '@tribune/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { messagesPerMinute } from './messages-per-minute';

// Real ClickHouse (the harness's, migrated): rows go straight into the rollup the chart reads.
const ch = createClient({
  url: process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123',
  username: process.env.CLICKHOUSE_USER ?? 'default',
  password: process.env.CLICKHOUSE_PASSWORD ?? '',
});
const room = `console-it-${randomUUID().slice(0, 8)}`;

afterAll(() => ch.close());

describe('messages per minute from chat.messages_per_minute', () => {
  it('sums unmerged parts per minute and status, fills gaps, and ignores other rooms', async () => {
    const now = Date.now();
    const minute = (agoMin: number) => Math.floor((now - agoMin * 60_000) / 60_000) * 60; // seconds
    const rows = [
      { room, minute: minute(2), status: 'accepted', messages: 3 },
      { room, minute: minute(2), status: 'accepted', messages: 2 }, // a second part, not merged yet
      { room, minute: minute(2), status: 'blocked', messages: 1 },
      { room, minute: minute(0), status: 'masked', messages: 4 },
      { room, minute: minute(90), status: 'accepted', messages: 100 }, // outside the window
      { room: `${room}-other`, minute: minute(2), status: 'accepted', messages: 50 },
    ];
    for (const row of rows) await ch.insert({ table: CLICKHOUSE.messagesPerMinute, values: [row], format: 'JSONEachRow' });

    const points = await messagesPerMinute(ch, room, 60, now);
    expect(points).toHaveLength(60);
    const at = (agoMin: number) => points.find((p) => p.minute === minute(agoMin) * 1000);
    expect(at(2)).toMatchObject({ accepted: 5, rejected: 1, total: 6 });
    expect(at(0)).toMatchObject({ accepted: 4, rejected: 0, total: 4 });
    expect(points.reduce((n, p) => n + p.total, 0)).toBe(10);
  });

  it('binds the room as a parameter (a quote in it is data, not SQL)', async () => {
    const points = await messagesPerMinute(ch, "x' OR 1=1 --", 60);
    expect(points.every((p) => p.total === 0)).toBe(true);
  });
});
