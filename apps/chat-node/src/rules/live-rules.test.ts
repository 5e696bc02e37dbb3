import { describe, expect, it } from 'vitest';
import type { RuleSet } from '@tribune/contracts';
import { admitRoom, LiveRules } from './live-rules';

class FakeRulesError extends Error {
  issues = [{ ruleId: 'w1', field: 'term', message: 'bad' }];
}
const compile = (rules: RuleSet) => {
  if (rules.words.some((w) => w.term === 'INVALID')) throw new FakeRulesError('RULES_INVALID');
  return { terms: rules.words.map((w) => w.term) };
};
const snapshot = (version: number, terms: string[]): string =>
  JSON.stringify({
    v: 1,
    version,
    publishedAt: 1_700_000_000_000 + version,
    rules: { words: terms.map((term, i) => ({ id: `w${i}`, term })) },
  });

describe('LiveRules', () => {
  it('enforces the empty rule set at version 0 when no snapshot exists', () => {
    const live = new LiveRules(compile);
    expect(live.apply(null)).toEqual({ kind: 'absent', current: 0 });
    expect(live.current()).toEqual({ version: 0, publishedAt: null, compiled: { terms: [] }, rooms: null });
  });

  it('applies a higher version and reports the previous one', () => {
    const live = new LiveRules(compile);
    expect(live.apply(snapshot(1, ['a']))).toEqual({ kind: 'applied', version: 1, previous: null });
    expect(live.apply(snapshot(3, ['b']))).toEqual({ kind: 'applied', version: 3, previous: 1 });
    expect(live.current()?.compiled).toEqual({ terms: ['b'] });
    expect(live.version).toBe(3);
  });

  it('ignores the same version and refuses an older one', () => {
    const live = new LiveRules(compile);
    live.apply(snapshot(5, ['x']));
    expect(live.apply(snapshot(5, ['y']))).toEqual({ kind: 'unchanged', version: 5 });
    expect(live.apply(snapshot(4, ['z']))).toEqual({ kind: 'stale', version: 4, current: 5 });
    expect(live.current()?.compiled).toEqual({ terms: ['x'] });
  });

  it('keeps the last good rules when a snapshot is invalid JSON, off-schema or does not compile', () => {
    const live = new LiveRules(compile);
    live.apply(snapshot(2, ['good']));
    expect(live.apply('{nope').kind).toBe('invalid');
    expect(live.apply(JSON.stringify({ v: 1, version: 'x' })).kind).toBe('invalid');
    const out = live.apply(snapshot(3, ['INVALID']));
    expect(out.kind).toBe('invalid');
    if (out.kind === 'invalid') expect(out.issues).toEqual([{ ruleId: 'w1', field: 'term', message: 'bad' }]);
    expect(live.current()).toMatchObject({ version: 2, compiled: { terms: ['good'] } });
  });

  it('loads nothing (not the empty set) from an invalid snapshot when no rules are loaded yet', () => {
    const live = new LiveRules(compile);
    expect(live.apply('{nope').kind).toBe('invalid');
    expect(live.apply(snapshot(1, ['INVALID'])).kind).toBe('invalid');
    expect(live.current()).toBeNull();
    expect(live.apply(snapshot(1, ['ok']))).toEqual({ kind: 'applied', version: 1, previous: null });
  });

  it('keeps the loaded rules when the snapshot key disappears', () => {
    const live = new LiveRules(compile);
    live.apply(snapshot(7, ['k']));
    expect(live.apply(null)).toEqual({ kind: 'absent', current: 7 });
    expect(live.current()?.compiled).toEqual({ terms: ['k'] });
  });
});

describe('admitRoom', () => {
  const compileTerms = (rules: { words: { term: string }[] }) => ({ terms: rules.words.map((w) => w.term) });
  const withRooms = (rooms: unknown) => JSON.stringify({ v: 1, version: 1, publishedAt: 1, rules: { words: [], rooms } });

  it('admits only published rooms, and no archived one, when the rule set lists rooms', () => {
    const live = new LiveRules(compileTerms);
    live.apply(withRooms([{ id: 'final', status: 'open' }, { id: 'quiet', status: 'closed' }, { id: 'old', status: 'archived' }]));
    expect(['final', 'quiet', 'old', 'invented'].map((r) => admitRoom(live.current(), r))).toEqual(['ok', 'ok', 'archived', 'unknown']);
  });

  it('admits any room when the rule set carries no room list (a node without a console)', () => {
    const live = new LiveRules(compileTerms);
    live.apply(JSON.stringify({ v: 1, version: 1, publishedAt: 1, rules: { words: [] } }));
    expect(admitRoom(live.current(), 'anything')).toBe('ok');
  });
});
