import { describe, expect, it } from 'vitest';
import { messageEvent, moderationEvent } from '@tribune/contracts';
import { buildEvents, type ReceivedMessage } from './build-events';

const received: ReceivedMessage = { room: 'lobby', user: { id: 'u1', name: 'Alice', roles: [] }, text: 'hello darn world', cid: 'c1', ts: 1_700_000_000_000 };
let n = 0;
const ctx = { node: 'node-a', rulesVersion: 3, newId: () => `id-${++n}` };
const hit = { ruleId: 'w1', kind: 'word' as const, term: 'darn', action: 'mask', span: [6, 10] as [number, number], normalized: 'darn' };

describe('buildEvents', () => {
  it('records an allowed message with no moderation events', () => {
    const { message, moderation } = buildEvents(received, { action: 'allow', text: received.text, hits: [] }, 'accepted', ctx);
    expect(messageEvent.parse(message)).toEqual(message);
    expect(message).toMatchObject({ room: 'lobby', status: 'accepted', cid: 'c1', node: 'node-a', rulesVersion: 3, hits: [] });
    expect(message).not.toHaveProperty('deliveredText');
    expect(moderation).toEqual([]);
  });

  it('keeps the original and the delivered text of a masked message and explains each hit', () => {
    const { message, moderation } = buildEvents(received, { action: 'mask', text: 'hello *** world', hits: [hit, { ...hit, ruleId: 'w2' }] }, 'masked', ctx);
    expect(message.text).toBe('hello darn world');
    expect(message.deliveredText).toBe('hello *** world');
    expect(moderation).toHaveLength(2);
    for (const event of moderation) {
      expect(moderationEvent.parse(event)).toEqual(event);
      expect(event).toMatchObject({ messageId: message.id, userId: 'u1', source: 'engine', action: 'mask', node: 'node-a', rulesVersion: 3 });
    }
    expect(moderation.map((e) => e.hit?.ruleId)).toEqual(['w1', 'w2']);
    expect(new Set([message.id, ...moderation.map((e) => e.id)]).size).toBe(3);
  });

  it('records a refusal without hits as one moderation event with the reason', () => {
    const { moderation } = buildEvents(received, { action: 'timeout', text: received.text, hits: [], reason: 'rate', timeoutSeconds: 30 }, 'rejected', ctx);
    expect(moderation).toHaveLength(1);
    expect(moderation[0]).toMatchObject({ action: 'timeout', reason: 'rate timeout:30s' });
    expect(moderation[0]).not.toHaveProperty('hit');
  });

  it('says for how long a timeout mutes the user on the timeout hit, not on the other hits', () => {
    const rate = { ruleId: 's1', kind: 'spam' as const, term: 'rate', action: 'timeout' };
    const { moderation } = buildEvents(received, { action: 'timeout', text: received.text, hits: [hit, rate], reason: 'spam:rate', timeoutSeconds: 600 }, 'rejected', ctx);
    expect(moderation.map((e) => [e.action, e.reason])).toEqual([
      ['mask', 'spam:rate'],
      ['timeout', 'spam:rate timeout:600s'],
    ]);
    for (const event of moderation) expect(moderationEvent.parse(event)).toEqual(event);
  });

  it('uses time-ordered UUIDv7 ids by default', () => {
    const { message } = buildEvents(received, { action: 'allow', text: received.text, hits: [] }, 'accepted', { node: 'n', rulesVersion: 0 });
    expect(message.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
