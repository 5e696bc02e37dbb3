import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { RulesError } from './errors';

function issuesOf(input: unknown): RulesError['issues'] {
  try {
    compile(input as never);
  } catch (err) {
    expect(err).toBeInstanceOf(RulesError);
    expect((err as RulesError).code).toBe('RULES_INVALID');
    return (err as RulesError).issues;
  }
  throw new Error('compile accepted an invalid rule set');
}

describe('compile', () => {
  it('accepts a valid rule set with defaults filled in', () => {
    const c = compile({ words: [{ id: 'w1', term: 'damn' }] });
    expect(c.rules.words[0]).toMatchObject({ match: 'word', action: 'block', roomId: null, expiresAt: null });
    expect(c.rules.exemptRoles).toContain('moderator');
  });

  it('names the rule and field of a schema error', () => {
    expect(issuesOf({ words: [{ id: 'w1', term: 'ok' }, { id: 'w2', term: 'x', action: 'explode' }] })).toEqual([
      expect.objectContaining({ ruleId: 'w2', field: 'action' }),
    ]);
  });

  it('reports a rule without an id by its position', () => {
    expect(issuesOf({ words: [{ term: 'x' }] })[0]).toMatchObject({ field: 'words.0.id' });
  });

  it('rejects a regex that RE2 cannot compile, naming the rule', () => {
    expect(issuesOf({ words: [{ id: 'r1', term: '(unclosed', match: 'regex' }] })[0]).toMatchObject({ ruleId: 'r1', field: 'term' });
  });

  it('rejects backreferences (not linear-time) instead of running them', () => {
    expect(issuesOf({ words: [{ id: 'r2', term: '(a)\\1', match: 'regex' }] })[0]).toMatchObject({ ruleId: 'r2', field: 'term' });
  });

  it('rejects a regex that can match the empty string (it would hit every message), naming the rule', () => {
    for (const term of ['x*', 'a?', 'foo|', '(?:)', '\\b', '^', '(?m)^\\s*$', 'spam|\\bx*']) {
      const issues = issuesOf({ words: [{ id: 'r3', term, match: 'regex' }] });
      expect(issues, term).toEqual([expect.objectContaining({ ruleId: 'r3', field: 'term', message: expect.stringContaining('empty string') })]);
    }
    // Patterns that always consume text still compile.
    for (const term of ['free\\s+coins', 'x+', '\\bspam\\b', '^buy', 'a?b']) {
      expect(() => compile({ words: [{ id: 'r4', term, match: 'regex' }] }), term).not.toThrow();
    }
  });

  it('rejects a term with nothing to match after normalisation', () => {
    expect(issuesOf({ words: [{ id: 'w9', term: '\u200b!!!' }] })[0]).toMatchObject({ ruleId: 'w9', field: 'term' });
  });

  it('rejects duplicate ids, timeout without seconds and bad link domains, all at once', () => {
    const issues = issuesOf({
      words: [{ id: 'dup', term: 'a1' }],
      allowed: [{ id: 'dup', phrase: 'ok' }],
      spam: [
        { id: 's1', kind: 'caps', maxRatio: 0.5, action: 'timeout' },
        { id: 's2', kind: 'links', mode: 'allow_list', domains: ['not a domain'] },
      ],
    });
    expect(issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ ruleId: 'dup', field: 'id' }),
      expect.objectContaining({ ruleId: 's1', field: 'timeoutSeconds' }),
      expect.objectContaining({ ruleId: 's2', field: 'domains.0' }),
    ]));
  });

  it('lets a room rule of a kind replace the global rules of that kind', () => {
    const c = compile({
      spam: [
        { id: 'g-caps', kind: 'caps', maxRatio: 0.5 },
        { id: 'g-len', kind: 'max_length', maxChars: 100 },
        { id: 'r-caps', kind: 'caps', maxRatio: 0.9, roomId: 'final' },
      ],
    });
    expect(c.spamFor('final').map((r) => r.id).sort()).toEqual(['g-len', 'r-caps']);
    expect(c.spamFor('other').map((r) => r.id).sort()).toEqual(['g-caps', 'g-len']);
  });
});
