import type { RuleSetInput } from '@tribune/contracts';
import { compile, RulesError } from '@tribune/moderation';
import { AppError } from '../app-error';
import type { RulesValidator } from './rules-validator';

/** Validates with the same engine the nodes run, so what the console accepts a node can compile. */
export const moderationRulesValidator: RulesValidator = (rules: RuleSetInput) => {
  try {
    compile(rules);
  } catch (err) {
    if (err instanceof RulesError) {
      const issues = err.issues.map((i) => ({ field: i.field, message: i.message, ...(i.ruleId ? { ruleId: i.ruleId } : {}) }));
      const detail = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
      throw new AppError('RULES_INVALID', `rules refused: ${detail}`, issues, { cause: err });
    }
    throw err;
  }
};
