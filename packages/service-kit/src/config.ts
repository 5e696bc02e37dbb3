import type { z } from 'zod';

/** Thrown when the environment does not satisfy an app's config schema; lists every bad variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly issues: { variable: string; problem: string }[]) {
    super(`invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses `env` with a zod object schema whose keys are the environment variable names.
 * Reports every bad or missing variable at once, by name.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.') || '(root)',
      problem: issue.message,
    })),
  );
}

/** Loads config or prints the problems and exits 1: for composition roots. */
export function loadConfigOrExit<S extends z.ZodType>(schema: S, app: string, env: Record<string, string | undefined> = process.env): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${app}: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
