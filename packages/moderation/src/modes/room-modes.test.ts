import { rulesSnapshot, type RuleSetInput, type RoomModesInput } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile';
import { decide, evaluate, prepare } from '../evaluate';
import { defaultSpamPolicy } from '../spam/default-policy';
import { createSpamState } from '../spam/spam-state';
import type { MessageInput } from '../types';
import { isEmojiOnly } from './room-modes';

const ROOM = 'final';
const rulesWith = (modes: RoomModesInput, status: 'open' | 'closed' | 'archived' = 'open', extra: RuleSetInput = {}): RuleSetInput => ({
  ...extra,
  rooms: [{ id: ROOM, status, modes }, { id: 'other' }],
});
const msg = (text: string, extra: Partial<MessageInput> = {}): MessageInput => ({ text, userId: 'u1', roles: [], room: ROOM, ts: 1_000_000, ...extra });

describe('room modes in the rules format', () => {
  it('a snapshot written before modes existed parses with every mode off', () => {
    const old = rulesSnapshot.parse({ v: 1, version: 3, publishedAt: 1, rules: { rooms: [{ id: 'demo', status: 'open' }] } });
    expect(old.rules.rooms?.[0]?.modes).toEqual({ slowModeSeconds: null, subscribersOnly: false, emojiOnly: false, linksOff: false, maxMessageLength: null, firstTimeWaitSeconds: null });
  });

  it('refuses out-of-range modes, naming the field', () => {
    const bad = rulesSnapshot.safeParse({ v: 1, version: 1, publishedAt: 1, rules: { rooms: [{ id: 'r', modes: { slowModeSeconds: 301 } }] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['rules', 'rooms', 0, 'modes', 'slowModeSeconds']);
    expect(rulesSnapshot.safeParse({ v: 1, version: 1, publishedAt: 1, rules: { rooms: [{ id: 'r', modes: { slowModeSeconds: 0 } }] } }).success).toBe(false);
  });

  it('rule ids may not take the prefix of mode hits', () => {
    expect(() => compile({ spam: [{ id: 'mode:slow_mode', kind: 'caps', maxRatio: 0.5 }] })).toThrow(/mode:/);
  });
});

describe('slow mode', () => {
  const compiled = compile(rulesWith({ slowModeSeconds: 30 }));
  it('takes one message per user per window, tells how long to wait, and lets others speak', () => {
    const state = createSpamState();
    expect(evaluate(msg('first'), { state }, compiled).action).toBe('allow');
    const second = evaluate(msg('second', { ts: 1_000_000 + 12_300 }), { state }, compiled);
    expect(second).toMatchObject({ action: 'reject', reason: 'slow_mode', retryAfterSeconds: 18 });
    expect(second.hits[0]).toMatchObject({ ruleId: 'mode:slow_mode', kind: 'spam', term: 'slow_mode', counter: { name: 'seconds_since_last', value: 12.3, limit: 30 } });
    expect(evaluate(msg('other user', { userId: 'u2', ts: 1_000_000 + 12_300 }), { state }, compiled).action).toBe('allow');
    expect(evaluate(msg('later', { ts: 1_000_000 + 30_000 }), { state }, compiled).action).toBe('allow');
  });

  it('skips moderators and broadcasters, not subscribers', () => {
    const state = createSpamState();
    for (const roles of [['moderator'], ['broadcaster']]) {
      expect(evaluate(msg('a', { roles }), { state }, compiled).action).toBe('allow');
      expect(evaluate(msg('b', { roles, ts: 1_000_001 }), { state }, compiled).action).toBe('allow');
    }
    expect(evaluate(msg('a', { roles: ['subscriber'], userId: 's' }), { state }, compiled).action).toBe('allow');
    expect(evaluate(msg('b', { roles: ['subscriber'], userId: 's', ts: 1_000_001 }), { state }, compiled).reason).toBe('slow_mode');
  });

  it('applies only to its room, and asks the flood store once with the spam flood rules', () => {
    const withPolicy = compile(rulesWith({ slowModeSeconds: 10 }, 'open', { spam: defaultSpamPolicy() }));
    const p = prepare(msg('hello there'), withPolicy);
    expect(p.flood?.rules.map((r) => r.id)).toEqual(['default-rate', 'default-duplicate', 'default-raid', 'mode:slow_mode']);
    // One stable array per room, so the Redis store batches a room's messages into one script call.
    expect(prepare(msg('again'), withPolicy).flood?.rules).toBe(p.flood?.rules);
    expect(prepare(msg('hello', { room: 'other' }), withPolicy).flood?.rules.map((r) => r.id)).toEqual(['default-rate', 'default-duplicate', 'default-raid']);
  });

  it('a spam refusal and a slow-mode refusal together: the reason is the mode the viewer can wait out', () => {
    const p = prepare(msg('x'), compile(rulesWith({ slowModeSeconds: 10 }, 'open', { spam: [{ id: 'r', kind: 'rate', burst: 1, perSeconds: 60 }] })));
    const d = decide(p, [
      { hit: true, counter: { name: 'tokens', value: 0, limit: 1, scope: 'user' } },
      { hit: true, counter: { name: 'seconds_since_last', value: 4, limit: 10, scope: 'user' } },
    ]);
    expect(d).toMatchObject({ action: 'reject', reason: 'slow_mode', retryAfterSeconds: 6 });
  });
});

describe('per-message modes', () => {
  const run = (modes: RoomModesInput, text: string, extra: Partial<MessageInput> = {}, status?: 'closed') =>
    evaluate(msg(text, extra), { state: createSpamState() }, compile(rulesWith(modes, status)));

  it('a closed room is read-only for everyone, staff included', () => {
    for (const roles of [[], ['moderator'], ['broadcaster']]) expect(run({}, 'hello', { roles }, 'closed')).toMatchObject({ action: 'reject', reason: 'room_closed' });
    expect(run({}, 'hello', { room: 'other' }, 'closed').action).toBe('allow');
  });

  it('subscriber-only lets subscribers and staff through', () => {
    expect(run({ subscribersOnly: true }, 'hi')).toMatchObject({ action: 'reject', reason: 'subscribers_only' });
    expect(run({ subscribersOnly: true }, 'hi', { roles: ['subscriber'] }).action).toBe('allow');
    expect(run({ subscribersOnly: true }, 'hi', { roles: ['moderator'] }).action).toBe('allow');
    expect(run({ subscribersOnly: true }, 'hi', { roles: ['vip'] }).action).toBe('reject');
  });

  it('max length counts code points and holds for everyone', () => {
    expect(run({ maxMessageLength: 5 }, '골골골골골').action).toBe('allow');
    expect(run({ maxMessageLength: 5 }, '😀😀😀😀😀').action).toBe('allow');
    const d = run({ maxMessageLength: 5 }, 'sixsix', { roles: ['moderator'] });
    expect(d).toMatchObject({ action: 'reject', reason: 'too_long' });
    expect(d.hits[0]?.counter).toEqual({ name: 'chars', value: 6, limit: 5, scope: 'message' });
  });

  it('links-off refuses a link, plain or obfuscated, with its span; staff may post links', () => {
    const d = run({ linksOff: true }, 'see freebitz[.]io now');
    expect(d).toMatchObject({ action: 'reject', reason: 'links_off' });
    expect(d.hits[0]?.span).toEqual([4, 17]);
    expect(run({ linksOff: true }, 'see example.com', { roles: ['moderator'] }).action).toBe('allow');
    expect(run({ linksOff: true }, 'what a goal. 2-1 now').action).toBe('allow');
  });

  it('emoji-only takes emoji and spaces, nothing else', () => {
    expect(run({ emojiOnly: true }, '⚽ 🔥🔥').action).toBe('allow');
    expect(run({ emojiOnly: true }, 'goal ⚽')).toMatchObject({ action: 'reject', reason: 'emoji_only' });
    expect(run({ emojiOnly: true }, 'goal', { roles: ['broadcaster'] }).action).toBe('allow');
  });

  it('first-time wait counts from the join and says how long is left; without a join time it is not judged', () => {
    const d = run({ firstTimeWaitSeconds: 60 }, 'hi', { joinedAt: 1_000_000 - 15_500 });
    expect(d).toMatchObject({ action: 'reject', reason: 'first_time_wait', retryAfterSeconds: 45 });
    expect(d.hits[0]?.counter).toMatchObject({ name: 'seconds_in_room', value: 15.5, limit: 60 });
    expect(run({ firstTimeWaitSeconds: 60 }, 'hi', { joinedAt: 1_000_000 - 60_000 }).action).toBe('allow');
    expect(run({ firstTimeWaitSeconds: 60 }, 'hi', { joinedAt: 1_000_000, roles: ['moderator'] }).action).toBe('allow');
    expect(run({ firstTimeWaitSeconds: 60 }, 'hi').action).toBe('allow');
  });

  it('a refusal by a mode is final: no word hits, no flood query, no slow-mode time spent', () => {
    const compiled = compile(rulesWith({ maxMessageLength: 3, slowModeSeconds: 30 }, 'open', { words: [{ id: 'w', term: 'damn' }] }));
    const p = prepare(msg('damn it'), compiled);
    expect(p.flood).toBeNull();
    expect(p.hits.map((h) => h.ruleId)).toEqual(['mode:too_long']);
    const state = createSpamState();
    evaluate(msg('too long'), { state }, compiled);
    expect(evaluate(msg('ok', { ts: 1_000_001 }), { state }, compiled).action).toBe('allow');
  });

  it('word rules still judge what the modes let through', () => {
    expect(run({ maxMessageLength: 50, linksOff: true }, 'damn', {}, undefined).action).toBe('allow');
    const d = evaluate(msg('oh damn'), { state: createSpamState() }, compile(rulesWith({ maxMessageLength: 50 }, 'open', { words: [{ id: 'w', term: 'damn' }] })));
    expect(d).toMatchObject({ action: 'block', reason: 'word:w' });
  });
});

describe('isEmojiOnly', () => {
  it.each(['👍', '👍🏽', '👨‍👩‍👧', '🇰🇷', '❤️', '1️⃣', ' 🎉  🎉 '])('%s is emoji only', (t) => expect(isEmojiOnly(t)).toBe(true));
  it.each(['gg', '1', '#', ':)', 'ㅋㅋ', '👍 ok', ' ', '2-1'])('%s is not', (t) => expect(isEmojiOnly(t)).toBe(false));
});
