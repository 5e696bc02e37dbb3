import { z } from 'zod';

/**
 * Building blocks for the apps' environment schemas, so every app reads a boolean, a port, a log
 * level or a comma list the same way — and refuses the same bad values, by variable name.
 */

/** `1`/`true` or `0`/`false`/empty; anything else (`yes`, `on`) is an error rather than a silent false. */
export const envBool = z
  .enum(['1', '0', 'true', 'false', ''])
  .default('false')
  .transform((v) => v === '1' || v === 'true');

export const envPort = z.coerce.number().int().min(0).max(65535);

export const envPositiveInt = z.coerce.number().int().positive();

export const envLogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** A comma-separated list, trimmed, empty entries dropped; at least one entry. */
export function envList<T extends z.ZodType<string, string>>(item: T, fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).min(1, 'at least one entry'));
}
