import type { RuleHit, SpamRule } from '@tribune/contracts';
import type { CompiledRules } from './compile';
import { isFloodRule, type FloodQuery, type FloodResult, type FloodRule } from './flood/flood-query';
import { answerFromMemory } from './flood/memory-flood';
import { NormalizedBuffer, normalizeInto, symbolsToString } from './normalize/normalize';
import { checkModes, MODE_RULE_PREFIX, SLOW_MODE_RULE_ID, slowModeRefusal } from './modes/room-modes';
import { runMessageRules, spamHit } from './spam/spam-rules';
import type { SpamState } from './spam/spam-state';
import type { Decision, DecisionAction, MessageInput } from './types';

export interface EvaluateContext {
  state: SpamState;
}

/** The most severe action wins; spam rejections outrank word actions because the message never posts. */
const SEVERITY: Record<DecisionAction, number> = { allow: 0, mask: 1, shadow: 2, hold: 3, block: 4, reject: 5, timeout: 6 };
const MASK = '***';
const NO_SPAM_RULES: readonly SpamRule[] = [];

// prepare() is synchronous, so one scratch buffer serves every call without allocation.
const scratch = new NormalizedBuffer();

/**
 * A message judged as far as it can be without memory: word rules and the spam rules that look at the message
 * alone. `flood` is what remains to ask a flood store (null: nothing, the decision is final).
 */
export interface PreparedMessage {
  readonly message: MessageInput;
  readonly hits: RuleHit[];
  readonly timeoutSeconds: number | undefined;
  readonly flood: FloodQuery | null;
  /** A room mode's wait refused the message: seconds until the user may send. */
  readonly retryAfterSeconds?: number;
}

// One flood-rule list per spam-rule list (a room's, in one compiled set): stores may group queries by it.
const floodRuleLists = new WeakMap<readonly SpamRule[], readonly FloodRule[]>();
function floodRulesOf(spamRules: readonly SpamRule[]): readonly FloodRule[] {
  let rules = floodRuleLists.get(spamRules);
  if (!rules) floodRuleLists.set(spamRules, (rules = spamRules.filter(isFloodRule)));
  return rules;
}

/**
 * Step 1 of 2: the room's modes (a refusal is final: nothing else is judged, no flood state is fed), then normalise,
 * match words, run the per-message spam rules, and build the flood query (spam flood rules and slow mode together).
 */
export function prepare(message: MessageInput, compiled: CompiledRules): PreparedMessage {
  const { spam, exemptRoles } = compiled.rules;
  const exempt = exemptRoles.length > 0 && exemptRoles.some((r) => message.roles.includes(r));
  const room = compiled.room(message.room);
  if (room?.restricts) {
    const refused = checkModes(room, message, exempt);
    if (refused) return { message, hits: [refused.hit], timeoutSeconds: undefined, flood: null, ...(refused.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: refused.retryAfterSeconds }) };
  }
  normalizeInto(message.text, scratch);
  const hits = compiled.words.match(scratch, message.text, message.room, message.ts);
  // A rule set without spam rules (or a sender with an exempt role) skips the spam pass entirely; exempt roles skip slow mode too.
  const spamRules = spam.length === 0 || exempt ? NO_SPAM_RULES : compiled.spamFor(message.room);
  const slow = !exempt && room?.slowMode ? room : undefined;
  if (spamRules.length === 0 && !slow) return { message, hits, timeoutSeconds: undefined, flood: null };
  const timeoutSeconds = spamRules.length === 0 ? undefined : runMessageRules(spamRules, message.text, message.roles, hits);
  const floodRules = slow ? compiled.floodRulesWithSlowMode(slow) : floodRulesOf(spamRules);
  if (floodRules.length === 0) return { message, hits, timeoutSeconds, flood: null };
  // The key is read from the scratch buffer now: the next prepare() overwrites it.
  const needsKey = floodRules.some((r) => r.kind === 'duplicate' || r.kind === 'raid');
  const key = needsKey ? symbolsToString(scratch).replaceAll(' ', '') : '';
  return { message, hits, timeoutSeconds, flood: { room: message.room, userId: message.userId, ts: message.ts, key, rules: floodRules } };
}

/** Step 2 of 2: the decision, given the flood store's answer (one result per `flood.rules`, in order). */
export function decide(prepared: PreparedMessage, floodResults: readonly FloodResult[] | null): Decision {
  const { message, flood } = prepared;
  const hits = prepared.hits;
  let timeoutSeconds = prepared.timeoutSeconds;
  let retryAfterSeconds = prepared.retryAfterSeconds;
  if (flood && floodResults) {
    flood.rules.forEach((rule: FloodRule, i) => {
      const r = floodResults[i];
      if (!r?.hit) return;
      if (rule.id === SLOW_MODE_RULE_ID && rule.kind === 'slow_mode') {
        const refused = slowModeRefusal(rule, r);
        hits.push(refused.hit);
        retryAfterSeconds = refused.retryAfterSeconds;
        return;
      }
      const s = spamHit(rule, r.counter, undefined, rule.kind === 'duplicate' || rule.kind === 'raid' ? flood.key : undefined);
      hits.push(s.hit);
      if (s.timeoutSeconds !== undefined) timeoutSeconds = Math.max(timeoutSeconds ?? 0, s.timeoutSeconds);
    });
  }
  if (hits.length === 0) return { action: 'allow', text: message.text, hits };

  let action: DecisionAction = 'allow';
  for (const h of hits) {
    const a = h.action as DecisionAction;
    if (SEVERITY[a] > SEVERITY[action]) action = a;
  }
  const decisive = decisiveHit(hits, action);
  const decision: Decision = { action, text: action === 'mask' ? maskText(message.text, hits) : message.text, hits, reason: reasonOf(decisive) };
  if (action === 'timeout' && timeoutSeconds !== undefined) decision.timeoutSeconds = timeoutSeconds;
  if (retryAfterSeconds !== undefined && isModeHit(decisive)) decision.retryAfterSeconds = retryAfterSeconds;
  return decision;
}

/** Both steps at once, with the flood state in this process's memory (the CLI, tests, a single node). */
export function evaluate(message: MessageInput, context: EvaluateContext, compiled: CompiledRules): Decision {
  const prepared = prepare(message, compiled);
  return decide(prepared, prepared.flood ? answerFromMemory(prepared.flood, context.state) : null);
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

const isModeHit = (h: RuleHit): boolean => h.ruleId.startsWith(MODE_RULE_PREFIX);

/** The hit that names the decision: one with the winning action, a room mode's first (the viewer can act on it). */
function decisiveHit(hits: readonly RuleHit[], action: DecisionAction): RuleHit {
  return hits.find((x) => x.action === action && isModeHit(x)) ?? hits.find((x) => x.action === action) ?? hits[0]!;
}

/** `word:<id>`, `spam:<kind>`, or a room mode's own reason (`slow_mode`, `room_closed`…: contracts MODE_REASONS). */
function reasonOf(h: RuleHit): string {
  if (isModeHit(h)) return h.term;
  return h.kind === 'spam' ? `spam:${h.term}` : `word:${h.ruleId}`;
}
