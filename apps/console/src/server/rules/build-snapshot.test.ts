import { rulesSnapshot } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { compile, createSpamState, evaluate } from '@tribune/moderation';
import { buildRuleSet, buildRulesSnapshot, defaultPolicy, spamPolicyOf, type BannedWordRow } from './build-snapshot';

const rows: BannedWordRow[] = [
  { id: 'b', term: 'spoiler', match: 'contains', action: 'mask', roomId: 'demo', expiresAt: new Date(1_800_000_000_000) },
  { id: 'a', term: 'badword', match: 'word', action: 'block', roomId: null, expiresAt: null },
];

describe('rules snapshot building', () => {
  it('maps rows to word rules in a stable order with expiry in ms', () => {
    const set = buildRuleSet(rows);
    expect(set.words).toEqual([
      { id: 'a', term: 'badword', match: 'word', action: 'block', roomId: null, expiresAt: null },
      { id: 'b', term: 'spoiler', match: 'contains', action: 'mask', roomId: 'demo', expiresAt: 1_800_000_000_000 },
    ]);
    expect(buildRuleSet([...rows].reverse())).toEqual(set);
  });

  it('produces a snapshot that satisfies the contract and carries the default spam policy', () => {
    const snap = buildRulesSnapshot(7, 1234, buildRuleSet(rows));
    expect(rulesSnapshot.safeParse(snap).success).toBe(true);
    expect(snap.version).toBe(7);
    expect(snap.rules.spam.map((r) => r.id)).toEqual(['default-rate', 'default-duplicate', 'default-repetition', 'default-raid']);
    expect(snap.rules.allowed).toEqual([]);
    expect(snap.rules.exemptRoles).toEqual(['moderator', 'broadcaster']);
  });

  it('a fresh snapshot (no words at all) stops a duplicate flood; operator-listed roles are exempt', () => {
    const compiled = compile(buildRulesSnapshot(1, 0, buildRuleSet([], [], defaultPolicy(['vip', 'moderator']))).rules);
    expect(compiled.rules.exemptRoles).toEqual(['moderator', 'broadcaster', 'vip']);
    const state = createSpamState();
    const send = (roles: string[], i: number) => evaluate({ text: 'BUY CHEAP GOLD at goldshop', userId: roles.join() || 'viewer', roles, room: 'main', ts: i }, { state }, compiled).action;
    expect([0, 1, 2].map((i) => send([], i))).toEqual(['allow', 'reject', 'reject']);
    expect([0, 1, 2].map((i) => send(['vip'], i))).toEqual(['allow', 'allow', 'allow']);
  });

  it('includes allowed phrases, ordered by id, so a banned word inside one is not flagged', () => {
    const set = buildRuleSet(
      [{ id: 'w', term: '새끼', match: 'word', action: 'block', roomId: null, expiresAt: null }],
      [
        { id: 'p2', phrase: 'spoiler alert', roomId: 'demo' },
        { id: 'p1', phrase: '새끼손가락', roomId: null },
      ],
    );
    expect(set.allowed).toEqual([
      { id: 'p1', phrase: '새끼손가락', roomId: null },
      { id: 'p2', phrase: 'spoiler alert', roomId: 'demo' },
    ]);
    const compiled = compile(buildRulesSnapshot(1, 0, set).rules);
    const run = (text: string) => evaluate({ text, userId: 'u', roles: [], room: 'main', ts: 1 }, { state: createSpamState() }, compiled);
    expect(run('새끼손가락 다쳤대').action).toBe('allow');
    expect(run('이 새끼').action).toBe('block');
  });

  it('publishes each room with its modes, and nodes judge by them', () => {
    const off = { slowModeSeconds: null, subscribersOnly: false, emojiOnly: false, linksOff: false, maxMessageLength: null, firstTimeWaitSeconds: null };
    const set = buildRuleSet([], [], defaultPolicy(), [
      { id: 'b', status: 'open', ...off, subscribersOnly: true, maxMessageLength: 10 },
      { id: 'a', status: 'closed', ...off },
    ]);
    expect(set.rooms).toEqual([
      { id: 'a', status: 'closed', modes: off },
      { id: 'b', status: 'open', modes: { ...off, subscribersOnly: true, maxMessageLength: 10 } },
    ]);
    const compiled = compile(buildRulesSnapshot(1, 0, set).rules);
    const run = (room: string, text: string, roles: string[] = []) => evaluate({ text, userId: 'u', roles, room, ts: 1 }, { state: createSpamState() }, compiled).reason;
    expect(run('a', 'hi')).toBe('room_closed');
    expect(run('b', 'hi')).toBe('subscribers_only');
    expect(run('b', 'a bit too long', ['subscriber'])).toBe('too_long');
    expect(run('b', 'hi', ['subscriber'])).toBeUndefined();
  });

  it('publishes the stored spam rules ordered by id, disabled ones too, and the stored exempt roles plus the environment ones', () => {
    const policy = spamPolicyOf(
      [
        { id: 'z-caps', kind: 'caps', roomId: 'demo', action: 'mask', timeoutSeconds: null, enabled: false, params: { maxRatio: 0.8 } },
        { id: 'a-rate', kind: 'rate', roomId: null, action: 'timeout', timeoutSeconds: 30, enabled: true, params: { burst: 3, perSeconds: 5 } },
      ],
      ['vip'],
      ['moderator', 'vip'],
    );
    const snap = buildRulesSnapshot(2, 0, buildRuleSet([], [], policy));
    expect(snap.rules.exemptRoles).toEqual(['vip', 'moderator']);
    expect(snap.rules.spam).toEqual([
      { id: 'a-rate', kind: 'rate', roomId: null, action: 'timeout', timeoutSeconds: 30, enabled: true, burst: 3, perSeconds: 5 },
      { id: 'z-caps', kind: 'caps', roomId: 'demo', action: 'mask', enabled: false, maxRatio: 0.8, minLength: 8 },
    ]);
    // What nodes do with it: the global rate rule times out the 4th quick message; the disabled caps rule never hits.
    const compiled = compile(snap.rules);
    const state = createSpamState();
    const sent = [0, 1, 2, 3].map((i) => evaluate({ text: `HELLO THERE ${i}`, userId: 'u', roles: [], room: 'demo', ts: i }, { state }, compiled));
    expect(sent.map((d) => d.action)).toEqual(['allow', 'allow', 'allow', 'timeout']);
  });

  it('rejects a negative version', () => {
    expect(() => buildRulesSnapshot(-1, 0, buildRuleSet([]))).toThrow();
  });
});
