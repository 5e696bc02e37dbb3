import { z } from 'zod';

export const mintViewerTokenInput = z.object({
  /** Becomes `console-demo:<userId>`: a demo token never speaks as a real viewer. */
  userId: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(64),
  /** Only the roles asked for; none by default. */
  roles: z.array(z.string().regex(/^[a-z0-9_-]{1,32}$/, 'a role is 1-32 of a-z 0-9 _ -')).max(8).default([]),
  /** Required to grant a role that skips spam rules (moderator, broadcaster, SPAM_EXEMPT_ROLES). */
  allowExemptRoles: z.boolean().default(false),
});
export const mintViewerTokenOutput = z.object({ token: z.string(), exp: z.number().int(), sub: z.string(), nodeUrls: z.array(z.string()) });
