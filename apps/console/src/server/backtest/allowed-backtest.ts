import type { RuleSetInput } from '@tribune/contracts';
import { compile, createSpamState, evaluate } from '@tribune/moderation';
import type { StoredMessage } from './stored-messages';

/** The id a proposed allowed phrase carries in the replay. */
export const PROPOSED_PHRASE_ID = 'proposed-allowed';

export interface AllowedBacktestExample {
  id: string;
  ts: number;
  room: string;
  userId: string;
  text: string;
  status: string;
  /** the word hits the phrase would lift, their spans in `text` */
  lifted: { term: string; span: [number, number] | null }[];
  /** no word rule would refuse or mask it any more */
  clean: boolean;
}

export interface AllowedBacktestOutcome {
  scanned: number;
  /** messages with a word hit the phrase lifts */
  affected: number;
  /** of those, how many no word rule would refuse or mask any more: what the phrase lets through */
  letThrough: number;
  examples: AllowedBacktestExample[];
}

/**
 * What a proposed allowed phrase would let through: the stored messages replayed through the word rules in force
 * (banned words, allowed phrases) with and without it; a message counts where a word hit disappears. Spam rules and
 * room modes are left out: an allowed phrase changes only word hits.
 */
export function runAllowedBacktest(
  rules: Pick<RuleSetInput, 'words' | 'allowed'>,
  phrase: { phrase: string; roomId: string | null },
  messages: readonly StoredMessage[],
  exampleLimit = 20,
): AllowedBacktestOutcome {
  const words = rules.words ?? [];
  const allowed = rules.allowed ?? [];
  const now = compile({ words, allowed });
  const proposed = compile({ words, allowed: [...allowed, { id: PROPOSED_PHRASE_ID, ...phrase }] });
  const state = createSpamState();
  const out: AllowedBacktestOutcome = { scanned: 0, affected: 0, letThrough: 0, examples: [] };
  for (const m of messages) {
    out.scanned++;
    const input = { text: m.text, userId: m.userId, roles: m.roles, room: m.room, ts: m.ts };
    const before = evaluate(input, { state }, now).hits.filter((h) => h.kind === 'word');
    if (before.length === 0) continue;
    const after = evaluate(input, { state }, proposed).hits.filter((h) => h.kind === 'word');
    const key = (h: (typeof before)[number]) => `${h.ruleId}:${h.span?.join('-') ?? ''}`;
    const remaining = new Set(after.map(key));
    const lifted = before.filter((h) => !remaining.has(key(h)));
    if (lifted.length === 0) continue;
    out.affected++;
    const clean = after.length === 0;
    if (clean) out.letThrough++;
    if (out.examples.length < exampleLimit) {
      out.examples.push({ id: m.id, ts: m.ts, room: m.room, userId: m.userId, text: m.text, status: m.status, lifted: lifted.map((h) => ({ term: h.term, span: h.span ?? null })), clean });
    }
  }
  return out;
}
