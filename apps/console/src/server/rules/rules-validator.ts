import type { RuleSetInput } from '@tribune/contracts';

/** Port: refuses an invalid rule set by throwing an AppError('RULES_INVALID') that names the fields. */
export type RulesValidator = (rules: RuleSetInput) => void;
