import { z } from 'zod';

export const chatConfigInput = z.void();
export const chatConfigOutput = z.object({ nodeUrls: z.array(z.string()) });
