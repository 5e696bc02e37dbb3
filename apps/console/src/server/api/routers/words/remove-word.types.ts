import { z } from 'zod';

export const removeWordInput = z.object({ id: z.string().min(1) });
export const removeWordOutput = z.object({ id: z.string(), rulesVersion: z.number().int() });
