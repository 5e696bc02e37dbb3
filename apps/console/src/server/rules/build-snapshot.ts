import { rulesSnapshot, type RuleSetInput, type RulesSnapshot } from '@tribune/contracts';

/** The columns of a banned-word row the rules format needs (a Prisma `BannedWord` fits). */
export interface BannedWordRow {
  id: string;
  term: string;
  match: 'word' | 'contains' | 'regex';
  action: 'block' | 'mask' | 'hold' | 'shadow';
  roomId: string | null;
  expiresAt: Date | null;
}

/** PostgreSQL rows → the rules format (contracts `ruleSet`). Ordered by id so equal data gives equal JSON. */
export function buildRuleSet(words: BannedWordRow[]): RuleSetInput {
  return {
    words: [...words]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((w) => ({
        id: w.id,
        term: w.term,
        match: w.match,
        action: w.action,
        roomId: w.roomId,
        expiresAt: w.expiresAt ? w.expiresAt.getTime() : null,
      })),
  };
}

/** Wraps a rule set into the versioned snapshot nodes load; parsing fills the format's defaults. */
export function buildRulesSnapshot(version: number, publishedAt: number, rules: RuleSetInput): RulesSnapshot {
  return rulesSnapshot.parse({ v: 1, version, publishedAt, rules });
}
