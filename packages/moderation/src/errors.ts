/** One problem found in a rule set: which rule (when known), which field, what is wrong. */
export interface RulesIssue {
  ruleId?: string;
  field: string;
  message: string;
}

/** A rule set that cannot be compiled. The caller keeps its last good compiled set. */
export class RulesError extends Error {
  readonly code = 'RULES_INVALID' as const;
  readonly issues: RulesIssue[];

  constructor(issues: RulesIssue[]) {
    super(`invalid rule set: ${issues.map((i) => `${i.ruleId ?? '-'}.${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'RulesError';
    this.issues = issues;
  }
}
