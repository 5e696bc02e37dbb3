import { rulesSnapshot, type RoomModes, type RuleSetInput, type RulesSnapshot } from '@tribune/contracts';
import { DEFAULT_EXEMPT_ROLES, defaultSpamPolicy } from '@tribune/moderation';
import { spamRuleOf, type SpamRuleRow } from './spam-rule-row';

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

/** The columns of a room row nodes need (a Prisma `Room` fits): its status and its modes. */
export interface RoomRow extends RoomModes {
  id: string;
  status: 'open' | 'closed' | 'archived';
}

/** The Prisma `select` of a room's rule columns (what `RoomRow` holds). */
export const ROOM_RULE_COLUMNS = {
  id: true,
  status: true,
  slowModeSeconds: true,
  subscribersOnly: true,
  emojiOnly: true,
  linksOff: true,
  maxMessageLength: true,
  firstTimeWaitSeconds: true,
} as const;

/** A room row's modes, as the rules format carries them. */
export function modesOf(row: RoomModes): RoomModes {
  return {
    slowModeSeconds: row.slowModeSeconds,
    subscribersOnly: row.subscribersOnly,
    emojiOnly: row.emojiOnly,
    linksOff: row.linksOff,
    maxMessageLength: row.maxMessageLength,
    firstTimeWaitSeconds: row.firstTimeWaitSeconds,
  };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The spam side of a rule set: the rules (rules-format input, defaults filled by the snapshot parse) and the roles that skip them. */
export interface SpamPolicy {
  spam: NonNullable<RuleSetInput['spam']>;
  exemptRoles: string[];
}

/**
 * The engine's default policy (docs/rules.md, "Default policy") with `moderator` and `broadcaster` exempt plus
 * `extraExemptRoles`: what a fresh database is seeded with (spam-seed.ts), and the policy of a rule set built
 * without rows.
 */
export function defaultPolicy(extraExemptRoles: readonly string[] = []): SpamPolicy {
  return { spam: defaultSpamPolicy(), exemptRoles: exemptRolesOf(DEFAULT_EXEMPT_ROLES, extraExemptRoles) };
}

/**
 * The stored spam policy: every spam-rule row (disabled ones too: the format carries `enabled`, and a node skips
 * them), ordered by id, and the exempt roles of the settings row plus the ones `SPAM_EXEMPT_ROLES` adds.
 */
export function spamPolicyOf(rows: SpamRuleRow[], exemptRoles: readonly string[], extraExemptRoles: readonly string[] = []): SpamPolicy {
  return { spam: [...rows].sort(byId).map(spamRuleOf), exemptRoles: exemptRolesOf(exemptRoles, extraExemptRoles) };
}

/** The settings' roles then the environment's, each once, in that order. */
export function exemptRolesOf(stored: readonly string[], extra: readonly string[]): string[] {
  return [...new Set([...stored, ...extra])];
}

/**
 * PostgreSQL rows + the spam policy (`spamPolicyOf` the spam rows) → the rules format (contracts `ruleSet`). Ordered by id so equal data
 * gives equal JSON. `rooms`, when given, is every room of the console: nodes accept joins only to those (and not
 * to archived ones).
 */
export function buildRuleSet(words: BannedWordRow[], allowed: AllowedPhraseRow[] = [], policy: SpamPolicy = defaultPolicy(), rooms?: RoomRow[]): RuleSetInput {
  return {
    ...(rooms ? { rooms: [...rooms].sort(byId).map((r) => ({ id: r.id, status: r.status, modes: modesOf(r) })) } : {}),
    spam: policy.spam,
    exemptRoles: policy.exemptRoles,
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
