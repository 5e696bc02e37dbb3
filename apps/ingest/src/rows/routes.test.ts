import type { MessageEvent, ModerationEvent } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { toClickHouseDateTime64 } from './clickhouse-time';
import { buildRoutes } from './routes';

const lineage = { topic: 'x.chat.messages', partition: 3, offset: '42' };

const message: MessageEvent = {
  v: 1,
  id: '0190a0b0-0000-7000-8000-000000000001',
  ts: Date.UTC(2026, 10, 27, 12, 30, 5, 7),
  room: 'final-2026',
  user: { id: 'u1', name: 'Alice', roles: ['subscriber'] },
  text: 'you idiot',
  deliveredText: 'you *****',
  status: 'masked',
  hits: [{ ruleId: 'r1', kind: 'word', term: 'idiot', action: 'mask', span: [4, 9], normalized: 'idiot' }],
  cid: 'c-1',
  node: 'node-a',
  rulesVersion: 12,
};

const buf = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

describe('toClickHouseDateTime64', () => {
  it('writes UTC with milliseconds', () => {
    expect(toClickHouseDateTime64(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02 03:04:05.006');
    expect(toClickHouseDateTime64(0)).toBe('1970-01-01 00:00:00.000');
  });

  it('refuses what DateTime64 cannot hold', () => {
    expect(() => toClickHouseDateTime64(Date.UTC(2300, 0, 1))).toThrow(RangeError);
    expect(() => toClickHouseDateTime64(-1e16)).toThrow(RangeError);
    expect(() => toClickHouseDateTime64(Number.NaN)).toThrow(RangeError);
  });
});

describe('routes', () => {
  const routes = buildRoutes('x.');

  it('registers the prefixed topics with their tables', () => {
    expect([...routes.entries()].map(([t, r]) => [t, r.table])).toEqual([
      ['x.chat.messages', 'chat.messages'],
      ['x.chat.moderation', 'chat.moderation_events'],
    ]);
  });

  it('maps a message event to a chat.messages row with lineage and flattened hits', () => {
    const result = routes.get('x.chat.messages')!.parse(buf(message), lineage);
    expect(result).toEqual({
      kind: 'ok',
      value: {
        part: 202611,
        row: {
          id: message.id,
          ts: '2026-11-27 12:30:05.007',
          room: 'final-2026',
          user_id: 'u1',
          user_name: 'Alice',
          user_roles: ['subscriber'],
          text: 'you idiot',
          delivered_text: 'you *****',
          status: 'masked',
          hits: JSON.stringify(message.hits),
          hit_rule_ids: ['r1'],
          hit_terms: ['idiot'],
          hit_actions: ['mask'],
          cid: 'c-1',
          node: 'node-a',
          rules_version: 12,
          kafka_topic: 'x.chat.messages',
          kafka_partition: 3,
          kafka_offset: '42',
        },
      },
    });
  });

  it('stores no delivered_text when viewers got the text as written, and defaults hits to []', () => {
    const { hits: _hits, deliveredText: _d, ...plain } = message;
    const result = routes.get('x.chat.messages')!.parse(buf({ ...plain, status: 'accepted' }), lineage);
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.value.row).toMatchObject({ delivered_text: null, hits: '[]', hit_rule_ids: [], status: 'accepted' });
  });

  it('maps a moderation event, with and without a hit', () => {
    const event: ModerationEvent = {
      v: 1,
      id: 'm1',
      ts: Date.UTC(2026, 10, 27, 0, 0, 0, 0),
      room: 'r',
      messageId: null,
      userId: 'u9',
      source: 'operator',
      action: 'timeout',
      node: 'console',
      rulesVersion: 3,
      reason: 'spam',
    };
    const route = routes.get('x.chat.moderation')!;
    const plain = route.parse(buf(event), { ...lineage, topic: 'x.chat.moderation' });
    expect(plain).toMatchObject({ kind: 'ok', value: { part: 202611, row: { message_id: null, hit: '', hit_rule_id: '', reason: 'spam', kafka_topic: 'x.chat.moderation' } } });
    const hit = message.hits[0]!;
    const withHit = route.parse(buf({ ...event, source: 'engine', messageId: 'msg', hit }), lineage);
    expect(withHit).toMatchObject({ kind: 'ok', value: { row: { message_id: 'msg', hit: JSON.stringify(hit), hit_rule_id: 'r1', hit_kind: 'word', hit_term: 'idiot' } } });
    // The moderation table is partitioned by month too: its rows carry their month like messages do.
    const lastOfOctober = route.parse(buf({ ...event, ts: Date.UTC(2026, 9, 31, 23, 59, 59, 999) }), lineage);
    expect(lastOfOctober).toMatchObject({ kind: 'ok', value: { part: 202610, row: { ts: '2026-10-31 23:59:59.999' } } });
  });

  it('sends invalid JSON and schema violations to the DLQ with a reason, drops tombstones', () => {
    const route = routes.get('x.chat.messages')!;
    const bad = route.parse(buf('{not json'), lineage);
    expect(bad.kind).toBe('dlq');
    expect(bad.kind === 'dlq' && bad.reason).toMatch(/^invalid_json: /);
    const invalid = route.parse(buf({ ...message, room: 'Not A Room!', v: 2 }), lineage);
    expect(invalid.kind).toBe('dlq');
    expect(invalid.kind === 'dlq' && invalid.reason).toMatch(/^schema_invalid: .*(v|room)/);
    expect(route.parse(null, lineage)).toEqual({ kind: 'drop', reason: 'tombstone' });
    const farFuture = route.parse(buf({ ...message, ts: 9e15 }), lineage);
    expect(farFuture.kind === 'dlq' && farFuture.reason).toMatch(/^unmappable: timestamp 9000000000000000 is outside/);
  });
});
