import { z } from 'zod';

/**
 * The environment variables a config schema cannot do without: keys of a zod object whose
 * schema rejects `undefined` (no default, not optional).
 */
export function requiredVariables(schema: unknown): string[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name)
    .sort();
}

/** Finds the zod object schemas a config module exports (its env schema). */
export function configSchemasOf(module: Record<string, unknown>): z.ZodObject[] {
  return Object.values(module).filter((value): value is z.ZodObject => value instanceof z.ZodObject);
}
