/** Parses `--user alice --name Alice [--roles a,b] [--ttl 1h]` for mint-token. */
export interface TokenArgs {
  user: string;
  name: string;
  roles: string[];
  ttl: string;
}

export class TokenArgsError extends Error {
  readonly code = 'TOKEN_ARGS_INVALID';
}

export function parseTokenArgs(argv: string[]): TokenArgs {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!m?.[1]) throw new TokenArgsError(`unexpected argument ${arg}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new TokenArgsError(`--${m[1]} needs a value`);
    values[m[1]] = value;
  }
  const unknown = Object.keys(values).filter((k) => !['user', 'name', 'roles', 'ttl'].includes(k));
  if (unknown.length > 0) throw new TokenArgsError(`unknown option --${unknown[0]}`);
  if (!values.user) throw new TokenArgsError('--user is required');
  if (!/^\d+[smhd]$/.test(values.ttl ?? '1h')) throw new TokenArgsError('--ttl must look like 30m, 1h, 7d');
  return {
    user: values.user,
    name: values.name ?? values.user,
    roles: (values.roles ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    ttl: values.ttl ?? '1h',
  };
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** `30m` → 1800. Nodes refuse a lifetime past CHAT_TOKEN_MAX_LIFETIME_SECONDS (24 h by default). */
export function ttlSeconds(ttl: string): number {
  const m = /^(\d+)([smhd])$/.exec(ttl);
  if (!m) throw new TokenArgsError('--ttl must look like 30m, 1h, 7d');
  return Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
}
