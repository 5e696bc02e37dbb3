import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { HeldMessage } from '@tribune/contracts';
import type { Decision } from '@tribune/moderation';
import { MemoryEventSink } from '../events/memory-event-sink';
import { MemoryFanout } from '../fanout/memory-fanout';
import { createChatMetrics } from '../metrics';
import type { Judge } from '../moderation/moderator';
import { MemoryReviewQueue } from '../review/memory-review-queue';
import type { ReviewQueue } from '../review/review-queue';
import { MemorySanctions } from '../sanctions/memory-sanctions';
import { SendMessage } from './send-message';

const hold: Decision = {
  action: 'hold',
  text: 'a *** word',
  hits: [{ ruleId: 'w1', kind: 'word', term: 'bad', action: 'hold', span: [2, 5] }, { ruleId: 'w2', kind: 'word', term: 'word', action: 'mask', span: [6, 10] }],
};
const judge = (decision: Decision): Judge => ({ judge: () => Promise.resolve({ decision, rulesVersion: 4 }), rulesVersion: () => 4 });
const user = { id: 'u1', name: 'U', roles: ['subscriber'] };

function pipeline(decision: Decision, reviewQueue: ReviewQueue, sink = new MemoryEventSink()) {
  const metrics = createChatMetrics(new Registry());
  const fanout = new MemoryFanout();
  const send = new SendMessage({ nodeId: 'n1', moderator: judge(decision), sink, fanout, sanctions: new MemorySanctions(), reviewQueue, logger: pino({ level: 'silent' }), metrics });
  return { send, metrics, sink, fanout };
}

describe('SendMessage: held messages', () => {
  it('puts a held message in the review queue after Kafka has it, with what approval will deliver; the room gets nothing', async () => {
    const queue = new MemoryReviewQueue();
    const { send, sink, fanout, metrics } = pipeline(hold, queue);
    const out = await send.run({ room: 'r1', text: 'a bad word', cid: 'c1', user });
    expect(out).toMatchObject({ status: 'held' });
    expect(sink.batches).toHaveLength(1);
    expect(queue.items).toEqual<HeldMessage[]>([
      { v: 1, id: out.id, ts: sink.batches[0]!.message.ts, room: 'r1', user, text: 'a bad word', deliveredText: 'a *** word', hits: hold.hits, node: 'n1', rulesVersion: 4 },
    ]);
    expect(fanout.published).toHaveLength(0);
    expect((await metrics.heldQueued.get()).values.find((v) => v.labels.outcome === 'queued')?.value).toBe(1);
  });

  it('queues nothing when Kafka refused the message, nor for other statuses', async () => {
    const queue = new MemoryReviewQueue();
    const sink = new MemoryEventSink();
    sink.failing = true;
    expect((await pipeline(hold, queue, sink).send.run({ room: 'r1', text: 'a bad word', cid: 'c1', user })).status).toBe('rejected');
    await pipeline({ action: 'block', text: 'x', hits: [] }, queue).send.run({ room: 'r1', text: 'x', cid: 'c2', user });
    expect(queue.items).toHaveLength(0);
  });

  it('a queue that fails leaves the ack `held` and counts it', async () => {
    const broken: ReviewQueue = { enqueue: () => Promise.reject(new Error('redis down')) };
    const { send, metrics } = pipeline(hold, broken);
    expect((await send.run({ room: 'r1', text: 'a bad word', cid: 'c1', user })).status).toBe('held');
    expect((await metrics.heldQueued.get()).values.find((v) => v.labels.outcome === 'failed')?.value).toBe(1);
  });
});
