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

/** The columns of an allowed-phrase row the rules format needs (a Prisma `AllowedPhrase` fits). */
export interface AllowedPhraseRow {
  id: string;
  phrase: string;
  roomId: string | null;
}

/** The columns of a room row nodes need (a Prisma `Room` fits). */
export interface RoomRow {
  id: string;
  status: 'open' | 'closed' | 'archived';
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * PostgreSQL rows → the rules format (contracts `ruleSet`). Ordered by id so equal data gives equal
 * JSON. Spam rules and exempt roles are not stored by the console yet: the format's defaults apply. `rooms`, when
 * given, is every room of the console: nodes accept joins only to those (and not to archived ones).
 */
export function buildRuleSet(words: BannedWordRow[], allowed: AllowedPhraseRow[] = [], rooms?: RoomRow[]): RuleSetInput {
  return {
    ...(rooms ? { rooms: [...rooms].sort(byId).map((r) => ({ id: r.id, status: r.status })) } : {}),
    allowed: [...allowed].sort(byId).map((a) => ({ id: a.id, phrase: a.phrase, roomId: a.roomId })),
    words: [...words]
      .sort(byId)
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
