import { z } from 'zod';

export const loginInput = z.object({ email: z.string().trim().email(), password: z.string().min(1).max(200) });
/** `mustChangePassword`: the page goes to /change-password instead of `next`. */
export const loginOutput = z.object({ operator: z.object({ id: z.string(), email: z.string(), mustChangePassword: z.boolean() }), expiresAt: z.date() });
