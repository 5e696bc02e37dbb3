import type { RuleHit, RuleSetInput } from '@tribune/contracts';
import { compile, createSpamState, evaluate } from '@tribune/moderation';
import { AppError } from '../app-error';

/** A stored false positive (`regression_cases`): a message the rules must not refuse again. */
export interface RegressionCaseRow {
  id: string;
  messageId: string;
  roomId: string;
  userId: string;
  roles: string[];
  text: string;
}

export interface RefusedCase {
  regressionCase: RegressionCaseRow;
  action: string;
  hit: RuleHit | undefined;
}

/** Delivered actions: a masked message still reaches the room. */
const DELIVERED = new Set(['allow', 'mask']);

/**
 * The cases the word rules (banned words and allowed phrases) of `rules` would refuse. Only words: a regression case
 * is a text refused by mistake; spam rules and room modes judge the context (rates, slow mode, subscriber-only) and
 * would refuse any text on a given day.
 */
export function refusedCases(rules: Pick<RuleSetInput, 'words' | 'allowed'>, cases: readonly RegressionCaseRow[]): RefusedCase[] {
  if (cases.length === 0) return [];
  const compiled = compile({ words: rules.words ?? [], allowed: rules.allowed ?? [] });
  const state = createSpamState();
  const refused: RefusedCase[] = [];
  for (const c of cases) {
    const decision = evaluate({ text: c.text, userId: c.userId, roles: c.roles, room: c.roomId, ts: Date.now() }, { state }, compiled);
    if (!DELIVERED.has(decision.action)) refused.push({ regressionCase: c, action: decision.action, hit: decision.hits[0] });
  }
  return refused;
}

/** The refusal of a change, naming each case, the word that refuses it, and the way past. */
export function regressionRefusal(refused: readonly RefusedCase[]): AppError {
  const issues = refused.map(({ regressionCase: c, action, hit }) => ({
    field: `regressionCases.${c.id}`,
    message: `regression case ${c.id} (message ${c.messageId} in ${c.roomId}: "${c.text.length > 60 ? `${c.text.slice(0, 57)}...` : c.text}") would be refused again (${action}${hit ? ` by word "${hit.term}"` : ''})`,
    ...(hit ? { ruleId: hit.ruleId } : {}),
  }));
  return new AppError('REGRESSION_CASE_REFUSED', `rules refused: ${issues.map((i) => i.message).join('; ')}; pass force to publish anyway`, issues);
}
