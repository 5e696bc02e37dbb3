import { z } from 'zod';

export const meInput = z.void();
export const meOutput = z.object({ id: z.string(), email: z.string(), mustChangePassword: z.boolean() }).nullable();
