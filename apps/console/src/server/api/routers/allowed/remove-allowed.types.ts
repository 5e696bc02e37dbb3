import { z } from 'zod';

export const removeAllowedInput = z.object({ id: z.string().min(1) });
/** `published: false` — the change is saved (as `rulesVersion`) but Redis could not be written yet; the console republishes it. */
export const removeAllowedOutput = z.object({ id: z.string(), rulesVersion: z.number().int(), published: z.boolean() });
