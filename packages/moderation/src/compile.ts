import { ruleSet, type RuleSet, type RuleSetInput } from '@tribune/contracts';
import { RulesError } from './errors';

export interface CompiledRules {
  readonly rules: RuleSet;
}

/** Validates a rule set and builds its matchers. Throws RulesError naming the rule and field. */
export function compile(input: RuleSetInput): CompiledRules {
  const parsed = ruleSet.safeParse(input);
  if (!parsed.success) {
    throw new RulesError(
      parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })),
    );
  }
  return { rules: parsed.data };
}
