import type { Logger } from '@tribune/service-kit';
import type { Principal, Role } from '../access/principal';
import type { Audit } from '../audit/record-audit';
import type { Db } from '../db/prisma';
import { AppError } from '../app-error';
import { hashApiToken, newApiToken } from './api-token';

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  rooms: string[];
  createdById: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** A Bearer token that does not open the API, and why (the caller is told UNAUTHENTICATED with it). */
export type TokenResolution = { principal: Principal } | { refused: string };

export interface ApiTokenService {
  resolve(token: string): Promise<TokenResolution>;
  create(input: { name: string; role: Role; rooms: string[]; expiresAt: Date | null; createdById: string | null }, audit: Audit): Promise<{ token: string; view: ApiTokenView }>;
  list(): Promise<ApiTokenView[]>;
  revoke(id: string, audit: Audit): Promise<ApiTokenView>;
}

const VIEW = { id: true, name: true, prefix: true, role: true, rooms: true, createdById: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true } as const;

/** `last used` is written at most this often per token (and per console instance: a conditional update). */
export const LAST_USED_WRITE_MS = 60_000;

export function createApiTokenService(deps: { db: Db; logger: Logger }): ApiTokenService {
  const { db } = deps;
  const logger = deps.logger.child({ module: 'api_tokens' });
  /** When this process last wrote `last_used_at` per token: most requests skip the write without a query. */
  const written = new Map<string, number>();

  async function touch(id: string, now: number) {
    if (now - (written.get(id) ?? 0) < LAST_USED_WRITE_MS) return;
    written.set(id, now);
    const stale = new Date(now - LAST_USED_WRITE_MS);
    // Another instance may have written it a moment ago: only an older value is replaced.
    await db.apiToken.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] }, data: { lastUsedAt: new Date(now) } });
  }

  return {
    async resolve(token) {
      const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) } });
      const now = Date.now();
      if (!row) return { refused: 'unknown API token' };
      if (row.revokedAt) return { refused: 'this API token was revoked' };
      if (row.expiresAt && row.expiresAt.getTime() <= now) return { refused: 'this API token has expired' };
      await touch(row.id, now).catch((err: unknown) => logger.warn({ tokenId: row.id, err: err instanceof Error ? err.message : String(err) }, 'token_last_used_not_written'));
      return { principal: { kind: 'token', id: row.id, label: `token:${row.name}`, role: row.role, rooms: row.rooms } };
    },

    async create(input, audit) {
      const token = newApiToken();
      const view = await db.$transaction(async (tx) => {
        const row = await tx.apiToken.create({
          data: { name: input.name, tokenHash: hashApiToken(token), prefix: token.slice(0, 8), role: input.role, rooms: input.role === 'moderator' ? input.rooms : [], expiresAt: input.expiresAt, createdById: input.createdById },
          select: VIEW,
        });
        await audit(tx, { target: `token:${row.id}`, after: row });
        return row;
      });
      logger.info({ tokenId: view.id, role: view.role }, 'api_token_created');
      return { token, view };
    },

    list: () => db.apiToken.findMany({ select: VIEW, orderBy: { createdAt: 'desc' } }),

    async revoke(id, audit) {
      return db.$transaction(async (tx) => {
        const before = await tx.apiToken.findUnique({ where: { id }, select: VIEW });
        if (!before) throw new AppError('NOT_FOUND', `API token ${id} does not exist`, [{ field: 'id', message: 'unknown token' }]);
        const after = before.revokedAt ? before : await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() }, select: VIEW });
        await audit(tx, { target: `token:${id}`, before, after });
        return after;
      });
    },
  };
}
