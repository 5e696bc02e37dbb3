import { z } from 'zod';
import { rulesChangeFields } from './spam-rule.types';

const role = z.string().trim().min(1).max(64).regex(/^[^\s,]+$/, 'a role is one word (no spaces or commas)');
export const setExemptRolesInput = z.object({ exemptRoles: z.array(role).max(32) });
export const setExemptRolesOutput = z.object({ exemptRoles: z.array(z.string()), ...rulesChangeFields });
