import type { RuleHit, SpamRule } from '@tribune/contracts';
import type { CompiledRules } from './compile';
import { NormalizedBuffer, normalizeInto, symbolsToString } from './normalize/normalize';
import { runSpamRules } from './spam/spam-rules';
import type { SpamState } from './spam/spam-state';
import type { Decision, DecisionAction, MessageInput } from './types';

export interface EvaluateContext {
  state: SpamState;
}

/** The most severe action wins; spam rejections outrank word actions because the message never posts. */
const SEVERITY: Record<DecisionAction, number> = { allow: 0, mask: 1, shadow: 2, hold: 3, block: 4, reject: 5, timeout: 6 };
const MASK = '***';
const NO_SPAM_RULES: readonly SpamRule[] = [];

// evaluate() is synchronous, so one scratch buffer serves every call without allocation.
const scratch = new NormalizedBuffer();

export function evaluate(message: MessageInput, context: EvaluateContext, compiled: CompiledRules): Decision {
  normalizeInto(message.text, scratch);
  const hits = compiled.words.match(scratch, message.text, message.room, message.ts);

  let timeoutSeconds: number | undefined;
  // A rule set without spam rules (or a sender with an exempt role) skips the spam pass entirely.
  const { spam, exemptRoles } = compiled.rules;
  const exempt = exemptRoles.length > 0 && exemptRoles.some((r) => message.roles.includes(r));
  const spamRules = spam.length === 0 || exempt ? NO_SPAM_RULES : compiled.spamFor(message.room);
  if (spamRules.length > 0) {
    let key: string | undefined;
    const spam = runSpamRules(spamRules, { ...message, key: () => (key ??= symbolsToString(scratch).replaceAll(' ', '')) }, context.state);
    for (const s of spam) {
      hits.push(s.hit);
      if (s.timeoutSeconds !== undefined) timeoutSeconds = Math.max(timeoutSeconds ?? 0, s.timeoutSeconds);
    }
  }
  if (hits.length === 0) return { action: 'allow', text: message.text, hits };

  let action: DecisionAction = 'allow';
  for (const h of hits) {
    const a = h.action as DecisionAction;
    if (SEVERITY[a] > SEVERITY[action]) action = a;
  }
  const decision: Decision = { action, text: action === 'mask' ? maskText(message.text, hits) : message.text, hits, reason: reasonOf(hits, action) };
  if (action === 'timeout' && timeoutSeconds !== undefined) decision.timeoutSeconds = timeoutSeconds;
  return decision;
}

/**
 * `***` over every masked span; a masking hit without a span (caps, rate…) masks the whole text. Spans of
 * different hits can overlap or touch (`dam` contains-rule and `damn` word-rule on "damn"): they merge into
 * one masked region first, so a region shows one `***`, never `******` or a fragment between two masks.
 */
function maskText(text: string, hits: readonly RuleHit[]): string {
  const spans = hits
    .filter((h) => h.action === 'mask')
    .map((h): [number, number] => (h.span === undefined ? [0, text.length] : [h.span[0], h.span[1]]))
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const [s, e] of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  let out = '';
  let at = 0;
  for (const [s, e] of merged) {
    out += text.slice(at, s) + MASK;
    at = e;
  }
  return out + text.slice(at);
}

function reasonOf(hits: readonly RuleHit[], action: DecisionAction): string {
  const h = hits.find((x) => x.action === action) ?? hits[0]!;
  return h.kind === 'spam' ? `spam:${h.term}` : `word:${h.ruleId}`;
}
