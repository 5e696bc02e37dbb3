import { spamRule, type SpamRule } from '@tribune/contracts';
import { compile, RulesError } from '@tribune/moderation';
import type { z } from 'zod';
import { AppError, type AppErrorIssue } from '../app-error';

export const SPAM_KINDS = ['rate', 'slow_mode', 'duplicate', 'raid', 'repetition', 'caps', 'max_length', 'links', 'mentions', 'roles'] as const;
export type SpamKind = (typeof SPAM_KINDS)[number];

/** The columns of a spam-rule row the rules format needs (a Prisma `SpamRule` fits). */
export interface SpamRuleRow {
  id: string;
  kind: SpamKind;
  roomId: string | null;
  action: 'reject' | 'mask' | 'hold' | 'timeout';
  timeoutSeconds: number | null;
  enabled: boolean;
  /** The kind's own parameters (`burst`, `perSeconds`…), a JSON object. */
  params: unknown;
}

/** The shared columns a rule file can never set through `params`. */
const COMMON = new Set(['id', 'kind', 'roomId', 'action', 'timeoutSeconds', 'enabled']);

/** A spam rule in the rules format before parsing (defaults not filled yet). */
export type SpamRuleInput = z.input<typeof spamRule>;

/**
 * A row as the rules format writes it (contracts `spamRule` input): the kind's parameters spread beside the
 * common fields, which always win over a same-named key in `params`. Not validated here: the snapshot parse and
 * `compile()` of the whole set refuse a row whose parameters do not fit its kind (a manual edit), naming it.
 */
export function spamRuleOf(row: SpamRuleRow): SpamRuleInput {
  const params = isObject(row.params) ? Object.fromEntries(Object.entries(row.params).filter(([k]) => !COMMON.has(k))) : {};
  return {
    ...params,
    id: row.id,
    kind: row.kind,
    roomId: row.roomId,
    action: row.action,
    ...(row.timeoutSeconds !== null ? { timeoutSeconds: row.timeoutSeconds } : {}),
    enabled: row.enabled,
  } as SpamRuleInput;
}

/** The kind's parameters of a parsed rule: what a row stores in `params`. */
export function paramsOf(rule: SpamRule): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rule).filter(([k]) => !COMMON.has(k)));
}

/**
 * Validates one rule with the contracts `spamRule` schema and the engine's own checks (a `timeout` needs its
 * seconds, link domains must be domain names). Refused: `RULES_INVALID` whose issues name the field
 * (`burst: must be positive`), so a form can point at it.
 */
export function validateSpamRule(candidate: Record<string, unknown>): SpamRule {
  const parsed = spamRule.safeParse(candidate, { reportInput: true });
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'kind', message: describeIssue(i) })));
  try {
    compile({ spam: [parsed.data] });
  } catch (err) {
    if (err instanceof RulesError) throw invalid(err.issues.map((i) => ({ field: i.field, message: i.message })));
    throw err;
  }
  // Unknown parameters would be dropped silently by the schema: name them instead.
  const known = new Set(Object.keys(parsed.data));
  const unknown = Object.keys(candidate).filter((k) => !known.has(k) && !COMMON.has(k));
  if (unknown.length > 0) throw invalid(unknown.map((k) => ({ field: k, message: `is not a parameter of ${parsed.data.kind}` })));
  return parsed.data;
}

function invalid(issues: AppErrorIssue[]): AppError {
  return new AppError('RULES_INVALID', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
}

/** zod's issue in the words an operator reads beside a field. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'string') return min <= 1 ? 'must not be empty' : `needs at least ${min} ${issue.origin === 'string' ? 'characters' : 'items'}`;
      if (min === 0 && issue.inclusive === false) return 'must be positive';
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'string') return `must have at most ${max} ${issue.origin === 'string' ? 'characters' : 'items'}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'int') return 'must be a whole number';
      return `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'is not a known spam rule kind';
    default:
      return issue.message;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
