import { ClickHouseError } from '@clickhouse/client';
import { createLogger } from '@tribune/service-kit';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { DeadLetter, DeadLetterSink } from '../dlq/dead-letters';
import { createIngestMetrics } from '../metrics';
import { buildRoutes, type Row } from '../rows/routes';
import type { LoadedMark, RowSink } from '../sink/row-sink';
import { BatchProcessor, type BatchControls, type BatchMessage } from './batch-processor';

const TOPIC = 't.chat.messages';

/** In-memory sink that behaves like a deduplicating table and can be told to fail. */
class MemorySink implements RowSink {
  rows: Row[] = [];
  tokens: string[] = [];
  calls: string[] = [];
  failures: Error[] = [];
  loaded: LoadedMark | null = null;
  /** The rows of every insert call that reached the table. */
  inserts: Row[][] = [];
  private readonly storedParts = new Set<string>();
  rejectRow?: (row: Row) => boolean;
  async insert(_table: string, rows: Row[], token: string) {
    this.calls.push(token);
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (this.rejectRow && rows.some(this.rejectRow)) throw new ClickHouseError({ message: 'Cannot parse input', code: '27', type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED' });
    this.inserts.push(rows);
    // Like a MergeTree PARTITION BY toYYYYMM(ts): one part per month, each deduplicated on its own
    // (token + partition) and committed on its own — here the later month first.
    const parts = new Map<string, Row[]>();
    for (const r of rows) {
      const month = String(r.ts).slice(0, 7);
      parts.set(month, [...(parts.get(month) ?? []), r]);
    }
    let stored = false;
    for (const month of [...parts.keys()].sort().reverse()) {
      const id = `${token}|${month}`;
      if (this.storedParts.has(id)) continue;
      this.storedParts.add(id);
      this.rows.push(...parts.get(month)!);
      stored = true;
      if (this.failAfterFirstPart) {
        this.failAfterFirstPart = false;
        throw new Error('socket hang up');
      }
    }
    if (!stored) return;
    this.tokens.push(token);
    if (this.failAfterStoring) {
      this.failAfterStoring = false;
      throw new Error('socket hang up');
    }
  }
  /** Set to make the first insert store its rows and still fail, as a timeout after the commit does. */
  failAfterStoring = false;
  /** Set to make the first insert fail once one part (month) of it is stored: the connection dropped in between. */
  failAfterFirstPart = false;
  async loadedThrough(_table: string, topic: string, partition: number, fromOffset: string): Promise<LoadedMark | null> {
    if (this.loaded) return this.loaded;
    const mine = this.rows.filter((r) => r.kafka_topic === topic && r.kafka_partition === partition && BigInt(r.kafka_offset as string) >= BigInt(fromOffset));
    const last = mine.sort((a, b) => (BigInt(a.kafka_offset as string) < BigInt(b.kafka_offset as string) ? -1 : 1)).at(-1);
    return last ? { offset: BigInt(last.kafka_offset as string), id: last.id as string } : null;
  }
  async ping() {}
  async close() {}
}

class MemoryDeadLetters implements DeadLetterSink {
  letters: DeadLetter[] = [];
  async send(letters: DeadLetter[]) {
    this.letters.push(...letters);
  }
}

function event(i: number, room = 'r1') {
  return {
    v: 1,
    id: `id-${i}`,
    ts: 1_790_000_000_000 + i,
    room,
    user: { id: 'u', name: 'U', roles: [] },
    text: `hello ${i}`,
    status: 'accepted',
    hits: [],
    cid: `c${i}`,
    node: 'n',
    rulesVersion: 1,
  };
}

const message = (offset: number, value: unknown = event(offset)): BatchMessage => ({
  offset: String(offset),
  key: Buffer.from('r1'),
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});

function setup(options: Partial<{ maxRows: number; maxAttempts: number; skipLoaded: boolean }> = {}) {
  const sink = new MemorySink();
  const dlq = new MemoryDeadLetters();
  const processor = new BatchProcessor({
    routes: buildRoutes('t.'),
    sink,
    deadLetters: dlq,
    metrics: createIngestMetrics(new Registry()),
    logger: createLogger({ name: 'test', level: 'silent' }),
    options: { maxRows: options.maxRows ?? 100, maxAttempts: options.maxAttempts ?? 5, backoffBaseMs: 1, backoffCapMs: 2, pauseMs: 60_000, skipLoaded: options.skipLoaded },
  });
  const commits: string[] = [];
  const events: string[] = [];
  let paused = 0;
  const controls: BatchControls = {
    resolveOffset: (o) => events.push(`resolve:${o}`),
    commit: async (o) => {
      // What ClickHouse held when the offset was committed: commit must come after the insert.
      events.push(`commit:${o}:rows=${sink.rows.length}:dlq=${dlq.letters.length}`);
      commits.push(o);
    },
    heartbeat: async () => {},
    isRunning: () => true,
    isStale: () => false,
    pause: () => {
      paused++;
      return () => {};
    },
  };
  return { sink, dlq, processor, commits, events, controls, paused: () => paused };
}

const OCT_31_LAST_MS = Date.UTC(2026, 9, 31, 23, 59, 59, 999);
const NOV_1_FIRST_MS = Date.UTC(2026, 10, 1, 0, 0, 0, 0);
/** A message whose event happened at `ts`. */
const at = (offset: number, ts: number) => message(offset, { ...event(offset), ts });

const batch = (messages: BatchMessage[], partition = 0) => ({ topic: TOPIC, partition, highWatermark: String(Number(messages.at(-1)!.offset) + 1), messages });

describe('BatchProcessor', () => {
  it('inserts deterministic slices and commits lastOffset+1 only after each insert', async () => {
    const t = setup({ maxRows: 2 });
    const outcome = await t.processor.process(batch([message(10), message(11), message(12)]), t.controls);
    expect(outcome).toBe('done');
    expect(t.sink.tokens).toEqual([`${TOPIC}-0-10-11`, `${TOPIC}-0-12-12`]);
    expect(t.sink.rows.map((r) => r.id)).toEqual(['id-10', 'id-11', 'id-12']);
    expect(t.events.filter((e) => e.startsWith('commit'))).toEqual(['commit:12:rows=2:dlq=0', 'commit:13:rows=3:dlq=0']);
  });

  it('sends invalid events to the DLQ with the reason before committing, and loads the rest', async () => {
    const t = setup();
    await t.processor.process(batch([message(0), message(1, '{oops'), message(2, { ...event(2), status: 'nope' })]), t.controls);
    expect(t.sink.rows.map((r) => r.id)).toEqual(['id-0']);
    expect(t.dlq.letters.map((l) => [l.event.offset, l.event.reason.split(':')[0], l.event.topic])).toEqual([
      ['1', 'invalid_json', TOPIC],
      ['2', 'schema_invalid', TOPIC],
    ]);
    expect(t.dlq.letters[0]!.event.payload).toBe('{oops');
    expect(t.commits).toEqual(['3']);
    expect(t.events.at(-1)).toBe('commit:3:rows=1:dlq=2');
  });

  it('retries a failed insert with the same token and commits only after it succeeded', async () => {
    const t = setup();
    t.sink.failures.push(new Error('ECONNRESET'), new ClickHouseError({ message: 'Too many parts', code: '252', type: 'TOO_MANY_PARTS' }));
    const outcome = await t.processor.process(batch([message(5), message(6)]), t.controls);
    expect(outcome).toBe('done');
    expect(t.sink.calls).toEqual([`${TOPIC}-0-5-6`, `${TOPIC}-0-5-6`, `${TOPIC}-0-5-6`]);
    expect(t.sink.rows).toHaveLength(2);
    expect(t.commits).toEqual(['7']);
  });

  it('pauses the partition after sustained failure without committing or skipping', async () => {
    const t = setup({ maxAttempts: 3 });
    t.sink.failures.push(new Error('down'), new Error('down'), new Error('down'));
    const outcome = await t.processor.process(batch([message(0), message(1)]), t.controls);
    expect(outcome).toBe('paused');
    expect(t.paused()).toBe(1);
    expect(t.commits).toEqual([]);
    expect(t.events.some((e) => e.startsWith('resolve'))).toBe(false);
    // The redelivery loads the same slice with the same token.
    await t.processor.process(batch([message(0), message(1)]), t.controls);
    expect(t.sink.rows).toHaveLength(2);
    expect(t.commits).toEqual(['2']);
  });

  it('after a write that failed but was stored, a redelivery sliced differently is not loaded twice', async () => {
    const t = setup({ maxRows: 3, maxAttempts: 1 });
    t.sink.failAfterStoring = true;
    // Offsets 0..1 arrive alone; the insert is stored but its response is lost; the partition pauses.
    expect(await t.processor.process(batch([message(0), message(1)]), t.controls)).toBe('paused');
    expect(t.commits).toEqual([]);
    // After the pause the fetch holds more, so the slice would be 0..2 with another token.
    expect(await t.processor.process(batch([message(0), message(1), message(2), message(3)]), t.controls)).toBe('done');
    expect(t.sink.rows.map((r) => r.id)).toEqual(['id-0', 'id-1', 'id-2', 'id-3']);
    expect(t.commits).toEqual(['2', '4']);
  });

  it('with skipLoaded off (the chaos negative control) a redelivery sliced differently IS loaded twice', async () => {
    const t = setup({ maxRows: 3, maxAttempts: 1, skipLoaded: false });
    t.sink.failAfterStoring = true;
    expect(await t.processor.process(batch([message(0), message(1)]), t.controls)).toBe('paused');
    expect(await t.processor.process(batch([message(0), message(1), message(2), message(3)]), t.controls)).toBe('done');
    expect(t.sink.rows.map((r) => r.id)).toEqual(['id-0', 'id-1', 'id-0', 'id-1', 'id-2', 'id-3']);
  });

  it('cuts a batch crossing a month boundary into one insert per month, each with its own token', async () => {
    const t = setup();
    await t.processor.process(batch([at(0, OCT_31_LAST_MS), at(1, OCT_31_LAST_MS), at(2, NOV_1_FIRST_MS), at(3, NOV_1_FIRST_MS)]), t.controls);
    expect(t.sink.tokens).toEqual([`${TOPIC}-0-0-1`, `${TOPIC}-0-2-3`]);
    expect(t.sink.inserts.map((rows) => rows.map((r) => r.id))).toEqual([
      ['id-0', 'id-1'],
      ['id-2', 'id-3'],
    ]);
    expect(t.commits).toEqual(['2', '4']);
  });

  it('loses nothing when a write fails after part of it landed: no insert spans two months', async () => {
    const t = setup({ maxAttempts: 1 });
    const messages = [at(0, OCT_31_LAST_MS), at(1, OCT_31_LAST_MS), at(2, NOV_1_FIRST_MS), at(3, NOV_1_FIRST_MS), at(4, OCT_31_LAST_MS)];
    t.sink.failAfterFirstPart = true;
    // The first insert stores a part, the response is lost, the partition pauses; then the redelivery.
    expect(await t.processor.process(batch(messages), t.controls)).toBe('paused');
    expect(await t.processor.process(batch(messages), t.controls)).toBe('done');
    expect(t.sink.rows.map((r) => r.id).sort()).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
    expect(t.commits.at(-1)).toBe('5');
    for (const rows of t.sink.inserts) expect(new Set(rows.map((r) => String(r.ts).slice(0, 7))).size).toBe(1);
  });

  it('on first sight of a partition skips what a crashed predecessor loaded but did not commit', async () => {
    const t = setup({ maxRows: 2 });
    t.sink.loaded = { offset: 11n, id: 'id-11' };
    await t.processor.process(batch([message(10), message(11), message(12), message(13)]), t.controls);
    expect(t.sink.rows.map((r) => r.id)).toEqual(['id-12', 'id-13']);
    expect(t.sink.tokens).toEqual([`${TOPIC}-0-12-13`]);
    expect(t.commits).toEqual(['12', '14']);
  });

  it('trusts loaded rows beyond the fetched batch only below the high watermark', async () => {
    const t = setup();
    t.sink.loaded = { offset: 15n, id: 'id-15' };
    await t.processor.process({ topic: TOPIC, partition: 0, highWatermark: '20', messages: [message(10), message(11)] }, t.controls);
    expect(t.sink.rows).toEqual([]);
    expect(t.commits).toEqual(['16']);
  });

  it('ignores lineage from another incarnation of the topic (the id at that offset differs)', async () => {
    const t = setup();
    t.sink.loaded = { offset: 11n, id: 'id-from-a-deleted-topic' };
    await t.processor.process(batch([message(10), message(11), message(12)]), t.controls);
    expect(t.sink.rows.map((r) => r.id)).toEqual(['id-10', 'id-11', 'id-12']);
    const beyond = setup();
    beyond.sink.loaded = { offset: 500n, id: 'x' };
    await beyond.processor.process(batch([message(0), message(1)]), beyond.controls);
    expect(beyond.sink.rows).toHaveLength(2);
  });

  it('truncates a huge payload in its dead letter and says so', async () => {
    const t = setup();
    await t.processor.process(batch([message(0, `{"v":1,"junk":"${'x'.repeat(300_000)}"}`)]), t.controls);
    expect(t.dlq.letters).toHaveLength(1);
    expect(t.dlq.letters[0]!.event.payload.length).toBe(256 * 1024);
    expect(t.dlq.letters[0]!.event.reason).toMatch(/^schema_invalid: .*\(payload truncated from 300\d+ chars\)$/);
  });

  it('isolates rows ClickHouse rejects as bad data: the bad one goes to the DLQ, the others load', async () => {
    const t = setup();
    t.sink.rejectRow = (row) => row.id === 'id-1';
    const outcome = await t.processor.process(batch([message(0), message(1), message(2)]), t.controls);
    expect(outcome).toBe('done');
    expect(t.sink.rows.map((r) => r.id)).toEqual(['id-0', 'id-2']);
    expect(t.sink.tokens).toEqual([`${TOPIC}-0-0-0`, `${TOPIC}-0-2-2`]);
    expect(t.dlq.letters.map((l) => [l.event.offset, l.event.reason.split(':')[0]])).toEqual([['1', 'clickhouse_rejected']]);
    expect(t.commits).toEqual(['3']);
  });

  it('stops between slices when the consumer stops, leaving the rest uncommitted', async () => {
    const t = setup({ maxRows: 1 });
    let running = true;
    const controls = { ...t.controls, isRunning: () => running, heartbeat: async () => void (running = false) };
    const outcome = await t.processor.process(batch([message(0), message(1), message(2)]), controls);
    expect(outcome).toBe('aborted');
    expect(t.sink.rows).toHaveLength(1);
    expect(t.commits).toEqual(['1']);
  });
});
