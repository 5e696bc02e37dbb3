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

/**
 * Compose's variable interpolation as `docker compose` applies it from the host environment:
 * `${NAME:-default}` / `${NAME-default}` / `${NAME}` / `$NAME`, and `$$` for a literal `$`.
 */
export function interpolate(value: string, hostEnv: Record<string, string | undefined> = {}): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, op, fallback, bare) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare) as string;
    const value = hostEnv[name];
    if (op === ':-') return value ? value : (fallback ?? '');
    if (op === '-') return value ?? fallback ?? '';
    return value ?? '';
  });
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
