import { describe, expect, it } from 'vitest';
import { refusedCases, regressionRefusal } from './regression-check';

const fp = { id: 'case1', messageId: 'm1', roomId: 'final', userId: 'u1', roles: [], text: 'bollocks to the offside rule' };
const words = [{ id: 'w1', term: 'bollocks', match: 'word' as const, action: 'block' as const, roomId: null, expiresAt: null }];

describe('regression cases', () => {
  it('a case is refused by a word rule, let through by the allowed phrase, refused again by a new word', () => {
    expect(refusedCases({ words, allowed: [] }, [fp]).map((r) => [r.regressionCase.id, r.action, r.hit?.term])).toEqual([['case1', 'block', 'bollocks']]);
    const allowed = [{ id: 'a1', phrase: 'bollocks to', roomId: 'final' }];
    expect(refusedCases({ words, allowed }, [fp])).toEqual([]);
    const offside = [...words, { id: 'w2', term: 'offside', match: 'word' as const, action: 'hold' as const, roomId: 'final', expiresAt: null }];
    const refused = refusedCases({ words: offside, allowed }, [fp]);
    expect(refused.map((r) => r.hit?.ruleId)).toEqual(['w2']);
    const err = regressionRefusal(refused);
    expect(err.code).toBe('REGRESSION_CASE_REFUSED');
    expect(err.message).toBe('rules refused: regression case case1 (message m1 in final: "bollocks to the offside rule") would be refused again (hold by word "offside"); pass force to publish anyway');
  });

  it('a mask still delivers; a word of another room does not apply', () => {
    const mask = [{ id: 'w3', term: 'offside', match: 'word' as const, action: 'mask' as const, roomId: null, expiresAt: null }];
    expect(refusedCases({ words: mask, allowed: [] }, [fp])).toEqual([]);
    const elsewhere = [{ id: 'w4', term: 'offside', match: 'word' as const, action: 'block' as const, roomId: 'other', expiresAt: null }];
    expect(refusedCases({ words: elsewhere, allowed: [] }, [fp])).toEqual([]);
  });
});
