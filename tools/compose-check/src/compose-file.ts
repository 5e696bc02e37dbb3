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

export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}
