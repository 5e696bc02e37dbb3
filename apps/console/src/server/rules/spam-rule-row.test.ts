import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import { paramsOf, spamRuleOf, validateSpamRule } from './spam-rule-row';

const issuesOf = (candidate: Record<string, unknown>) => {
  try {
    validateSpamRule(candidate);
  } catch (err) {
    if (AppError.is(err)) return { message: err.message, issues: err.issues };
    throw err;
  }
  throw new Error('accepted');
};

describe('spam rule rows', () => {
  it('spreads the parameters beside the common fields, which always win', () => {
    const rule = spamRuleOf({ id: 'r1', kind: 'rate', roomId: null, action: 'timeout', timeoutSeconds: 60, enabled: false, params: { burst: 5, perSeconds: 10, kind: 'caps', id: 'x' } });
    expect(rule).toEqual({ id: 'r1', kind: 'rate', roomId: null, action: 'timeout', timeoutSeconds: 60, enabled: false, burst: 5, perSeconds: 10 });
    expect(paramsOf(validateSpamRule(rule))).toEqual({ burst: 5, perSeconds: 10 });
  });

  it('fills the format defaults of a kind (duplicate similarity 0.9, caps minLength 8)', () => {
    expect(paramsOf(validateSpamRule({ id: 'd', kind: 'duplicate', windowSeconds: 30 }))).toEqual({ windowSeconds: 30, similarity: 0.9, minLength: 0 });
    expect(paramsOf(validateSpamRule({ id: 'c', kind: 'caps', maxRatio: 0.7 }))).toEqual({ maxRatio: 0.7, minLength: 8 });
  });

  it('names the field and says what is wrong in words', () => {
    expect(issuesOf({ id: 'r', kind: 'rate', burst: 0, perSeconds: 10 })).toEqual({ message: 'burst: must be positive', issues: [{ field: 'burst', message: 'must be positive' }] });
    expect(issuesOf({ id: 'r', kind: 'rate', burst: 2.5, perSeconds: 10 }).message).toBe('burst: must be a whole number');
    expect(issuesOf({ id: 'r', kind: 'rate', perSeconds: 10 }).message).toBe('burst: is required');
    expect(issuesOf({ id: 'r', kind: 'caps', maxRatio: 1.5 }).message).toBe('maxRatio: must be at most 1');
    expect(issuesOf({ id: 'r', kind: 'raid', windowSeconds: 60, minUsers: 1 }).message).toBe('minUsers: must be at least 2');
    expect(issuesOf({ id: 'r', kind: 'links', mode: 'some' }).message).toBe('mode: must be one of deny_all, allow_list, deny_list');
  });

  it('refuses what the engine refuses: a timeout without seconds, a domain that is not one, an unknown parameter', () => {
    expect(issuesOf({ id: 'r', kind: 'caps', maxRatio: 0.7, action: 'timeout' }).issues).toEqual([{ field: 'timeoutSeconds', message: 'is required when action is timeout' }]);
    expect(issuesOf({ id: 'r', kind: 'links', mode: 'deny_list', domains: ['not a domain'] }).issues[0]).toMatchObject({ field: 'domains.0' });
    expect(issuesOf({ id: 'r', kind: 'rate', burst: 5, perSeconds: 10, maxChars: 3 }).issues).toEqual([{ field: 'maxChars', message: 'is not a parameter of rate' }]);
  });
});
