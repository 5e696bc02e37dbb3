import { z } from 'zod';

export const logoutInput = z.void();
export const logoutOutput = z.object({ ok: z.literal(true) });
