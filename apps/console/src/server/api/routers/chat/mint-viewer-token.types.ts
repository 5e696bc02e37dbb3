import { z } from 'zod';

export const mintViewerTokenInput = z.object({
  userId: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(64),
  roles: z.array(z.string().min(1).max(32)).max(8).default([]),
  ttlSeconds: z.number().int().min(60).max(24 * 3600).default(3600),
});
export const mintViewerTokenOutput = z.object({ token: z.string(), exp: z.number().int(), nodeUrls: z.array(z.string()) });
