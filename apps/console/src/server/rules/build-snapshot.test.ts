import { rulesSnapshot } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { buildRuleSet, buildRulesSnapshot, type BannedWordRow } from './build-snapshot';

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

  it('produces a snapshot that satisfies the contract, defaults filled', () => {
    const snap = buildRulesSnapshot(7, 1234, buildRuleSet(rows));
    expect(rulesSnapshot.safeParse(snap).success).toBe(true);
    expect(snap.version).toBe(7);
    expect(snap.rules.spam).toEqual([]);
    expect(snap.rules.allowed).toEqual([]);
    expect(snap.rules.exemptRoles).toEqual(['moderator', 'broadcaster']);
  });

  it('rejects a negative version', () => {
    expect(() => buildRulesSnapshot(-1, 0, buildRuleSet([]))).toThrow();
  });
});
