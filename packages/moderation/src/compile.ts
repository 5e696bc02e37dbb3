import { ruleSet, type RuleSet, type RuleSetInput, type SpamRule } from '@tribune/contracts';
import { RulesError, type RulesIssue } from './errors';
import { canonicalDomain } from './match/domains';
import { compileWordRules, type CompiledWordRules } from './match/word-matcher';
import { isFloodRule, type FloodRule } from './flood/flood-query';
import { compileRoom, MODE_RULE_PREFIX, type CompiledRoom } from './modes/room-modes';

export interface CompiledRules {
  readonly rules: RuleSet;
  readonly words: CompiledWordRules;
  /** Spam rules in force in a room: a room's own rule of a kind replaces the global rules of that kind. */
  spamFor(room: string): readonly SpamRule[];
  /** A published room with its status and modes (undefined: not in the room list, or the set has none). */
  room(room: string): CompiledRoom | undefined;
  /**
   * The flood rules of a room with slow mode on, for a sender the spam rules apply to: the room's spam flood rules,
   * then the slow mode. One array per room and compiled set, so a flood store can batch by it.
   */
  floodRulesWithSlowMode(room: CompiledRoom): readonly FloodRule[];
}

/** Validates a rule set and builds its matchers. Throws RulesError naming the rule and field. */
export function compile(input: RuleSetInput): CompiledRules {
  const parsed = ruleSet.safeParse(input);
  if (!parsed.success) {
    throw new RulesError(parsed.error.issues.map((issue) => toIssue(input, issue.path, issue.message)));
  }
  const rules = parsed.data;
  const issues: RulesIssue[] = [];
  const ids = new Set<string>();
  for (const r of [...rules.words, ...rules.allowed, ...rules.spam]) {
    if (ids.has(r.id)) issues.push({ ruleId: r.id, field: 'id', message: 'is used by more than one rule' });
    if (r.id.startsWith(MODE_RULE_PREFIX)) issues.push({ ruleId: r.id, field: 'id', message: `must not start with "${MODE_RULE_PREFIX}": room modes use it` });
    ids.add(r.id);
  }
  for (const r of rules.spam) {
    if (r.action === 'timeout' && r.timeoutSeconds === undefined) {
      issues.push({ ruleId: r.id, field: 'timeoutSeconds', message: 'is required when action is timeout' });
    }
    if (r.kind === 'links') {
      r.domains.forEach((d, i) => {
        if (canonicalDomain(d) === null) issues.push({ ruleId: r.id, field: `domains.${i}`, message: `"${d}" is not a domain name` });
      });
    }
  }
  const words = compileWordRules(rules.words, rules.allowed, issues);
  if (issues.length > 0) throw new RulesError(issues);

  const globalSpam = rules.spam.filter((r) => r.enabled && r.roomId === null);
  const roomSpam = new Map<string, SpamRule[]>();
  for (const r of rules.spam) if (r.enabled && r.roomId !== null) roomSpam.set(r.roomId, [...(roomSpam.get(r.roomId) ?? []), r]);
  const perRoom = new Map<string, readonly SpamRule[]>();
  for (const [room, own] of roomSpam) {
    const kinds = new Set(own.map((r) => r.kind));
    perRoom.set(room, [...globalSpam.filter((r) => !kinds.has(r.kind)), ...own]);
  }
  const spamFor = (room: string) => perRoom.get(room) ?? globalSpam;
  const rooms = new Map((rules.rooms ?? []).map((r) => [r.id, compileRoom(r)] as const));
  const slowFlood = new Map<string, readonly FloodRule[]>();
  for (const r of rooms.values()) if (r.slowMode) slowFlood.set(r.id, [...spamFor(r.id).filter(isFloodRule), r.slowMode]);
  return {
    rules,
    words,
    spamFor,
    room: (room) => rooms.get(room),
    floodRulesWithSlowMode: (room) => slowFlood.get(room.id) ?? (room.slowMode ? [room.slowMode] : []),
  };
}

function toIssue(input: unknown, path: readonly PropertyKey[], message: string): RulesIssue {
  const [list, index, ...rest] = path;
  if (typeof list === 'string' && typeof index === 'number') {
    const item = (input as Record<string, unknown[] | undefined>)[list]?.[index] as { id?: unknown } | undefined;
    const field = rest.map(String).join('.') || list;
    if (item && typeof item.id === 'string' && item.id.length > 0) return { ruleId: item.id, field, message };
    return { field: `${list}.${index}${rest.length ? `.${rest.map(String).join('.')}` : ''}`, message };
  }
  return { field: path.map(String).join('.') || '(root)', message };
}
