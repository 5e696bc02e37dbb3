import { z } from 'zod';

export const getSpamSettingsInput = z.void();
export const getSpamSettingsOutput = z.object({
  /** stored, editable */
  exemptRoles: z.array(z.string()),
  /** added by `SPAM_EXEMPT_ROLES` in the console's environment; not editable here */
  fromEnvironment: z.array(z.string()),
  /** what the published rule set carries: both, each once */
  effective: z.array(z.string()),
});
