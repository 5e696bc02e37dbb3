import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../../auth/password-policy';

// The new password's rules (length, context) are checked in the service so the message names them.
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export const changePasswordOutput = z.object({ ok: z.literal(true) });
