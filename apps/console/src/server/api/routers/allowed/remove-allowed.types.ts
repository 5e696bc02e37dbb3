import { z } from 'zod';

/** `force`: publish even if a stored regression case (a fixed false positive) would be refused again. */
export const removeAllowedInput = z.object({ id: z.string().min(1), force: z.boolean().default(false) });
/** `published: false` — the change is saved (as `rulesVersion`) but Redis could not be written yet; the console republishes it. */
export const removeAllowedOutput = z.object({ id: z.string(), rulesVersion: z.number().int(), published: z.boolean() });
