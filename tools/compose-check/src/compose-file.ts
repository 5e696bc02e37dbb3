import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string } | string;
  environment?: Record<string, string | number | boolean> | string[];
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }> | string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export function readComposeFile(path: string): ComposeFile {
  // `merge: true` resolves the `<<: *app-env` anchors the file uses.
  return parse(readFileSync(path, 'utf8'), { merge: true }) as ComposeFile;
}

/** `docker compose` refuses to start: a `${NAME:?message}` variable is unset or empty (`${NAME?message}`: unset). */
export class RequiredVariableError extends Error {
  constructor(
    readonly variable: string,
    readonly hint: string,
  ) {
    super(`required variable ${variable} is missing a value: ${hint}`);
    this.name = 'RequiredVariableError';
  }
}

/**
 * Compose's variable interpolation as `docker compose` applies it from the host environment:
 * `${NAME:-default}` / `${NAME-default}` / `${NAME:?error}` / `${NAME?error}` / `${NAME}` / `$NAME`, and `$$` for a
 * literal `$`. A required variable without a value throws {@link RequiredVariableError}, as compose exits.
 */
export function interpolate(value: string, hostEnv: Record<string, string | undefined> = {}): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, op, fallback, bare) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare) as string;
    const value = hostEnv[name];
    if (op === ':-') return value ? value : (fallback ?? '');
    if (op === '-') return value ?? fallback ?? '';
    if (op === ':?') {
      if (!value) throw new RequiredVariableError(name, fallback ?? '');
      return value;
    }
    if (op === '?') {
      if (value === undefined) throw new RequiredVariableError(name, fallback ?? '');
      return value;
    }
    return value ?? '';
  });
}

/** Every `${NAME:-default}` / `${NAME-default}` in the file's text: name and default (a secret must have none). */
export function defaultsIn(text: string): { name: string; fallback: string }[] {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}/g)].map((m) => ({ name: m[1]!, fallback: m[2]! }));
}

/** Every `${NAME:?…}` / `${NAME?…}` in the file's text. */
export function requiredIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?[^}]*\}/g)].map((m) => m[1]!))].sort();
}

/** A service's environment after interpolation (`hostEnv` stands for the shell `docker compose` runs in). */
export function environmentOf(service: ComposeService, hostEnv: Record<string, string | undefined> = {}): Record<string, string> {
  const env = service.environment ?? {};
  const entries: [string, string][] = Array.isArray(env)
    ? env.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(env).map(([k, v]) => [k, String(v)]);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v, hostEnv)]));
}
