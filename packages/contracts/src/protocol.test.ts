import { describe, expect, it } from 'vitest';
import { clientFrame, messageEvent, redisNames, rulesSnapshot, serverFrame, topicName } from './index';

describe('client frames', () => {
  it('accepts a send frame', () => {
    expect(clientFrame.parse({ type: 'send', room: 'demo', text: 'hi', cid: 'c1' })).toMatchObject({ type: 'send' });
  });
  it('rejects an unknown type and names the field', () => {
    const r = clientFrame.safeParse({ type: 'shout', room: 'demo' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['type']);
  });
  it('accepts mod frames of both actions and refuses one missing its action’s fields or past the longest timeout', () => {
    expect(clientFrame.parse({ type: 'mod', action: 'delete', room: 'demo', id: 'm1' })).toEqual({ type: 'mod', action: 'delete', room: 'demo', id: 'm1' });
    expect(clientFrame.parse({ type: 'mod', action: 'timeout', room: 'demo', userId: 'u1', seconds: 60, cid: 'c1' })).toMatchObject({ action: 'timeout', seconds: 60 });
    expect(clientFrame.safeParse({ type: 'mod', action: 'timeout', room: 'demo', id: 'm1' }).success).toBe(false);
    expect(clientFrame.safeParse({ type: 'mod', action: 'timeout', room: 'demo', userId: 'u1', seconds: 1_209_601 }).success).toBe(false);
    expect(clientFrame.safeParse({ type: 'mod', action: 'ban', room: 'demo', userId: 'u1' }).success).toBe(false);
  });
  it('rejects a bad room id', () => {
    const r = clientFrame.safeParse({ type: 'join', room: 'Bad Room!' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['room']);
  });
});

describe('server frames', () => {
  const user = { id: 'u1', name: 'U', roles: [] };
  it('accepts a messages frame whose messages carry no room', () => {
    const frame = serverFrame.parse({ type: 'messages', room: 'demo', messages: [{ id: 'm1', user, text: 'a', ts: 1 }, { id: 'm2', user, text: 'b', ts: 2 }] });
    expect(frame).toMatchObject({ type: 'messages', room: 'demo' });
  });
  it('refuses an empty messages frame', () => {
    expect(serverFrame.safeParse({ type: 'messages', room: 'demo', messages: [] }).success).toBe(false);
  });
  it('joined carries recovered only when asked', () => {
    expect(serverFrame.parse({ type: 'joined', room: 'demo', history: [], viewers: 1, recovered: false })).toMatchObject({ recovered: false });
    expect(serverFrame.parse({ type: 'joined', room: 'demo', history: [], viewers: 1 })).not.toHaveProperty('recovered');
  });
});

describe('events and names', () => {
  it('a message event needs v=1', () => {
    const base = { id: '1', ts: 1, room: 'demo', user: { id: 'u', name: 'U' }, text: 't', status: 'accepted', cid: 'c', node: 'n', rulesVersion: 0 };
    expect(messageEvent.safeParse({ ...base, v: 1 }).success).toBe(true);
    expect(messageEvent.safeParse({ ...base, v: 2 }).success).toBe(false);
  });
  it('prefixes topics and redis keys', () => {
    expect(topicName('test.', 'messages')).toBe('test.chat.messages');
    expect(redisNames('t').roomChannel('demo')).toBe('t:room:{demo}');
  });
  it('fills rule defaults in a snapshot', () => {
    const s = rulesSnapshot.parse({ v: 1, version: 3, publishedAt: 0, rules: { words: [{ id: 'w1', term: 'damn' }] } });
    expect(s.rules.words[0]).toMatchObject({ match: 'word', action: 'block', roomId: null, expiresAt: null });
    expect(s.rules.allowed).toEqual([]);
  });
});
