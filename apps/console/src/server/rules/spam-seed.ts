import type { Prisma } from '../../generated/prisma/client';
import { DEFAULT_EXEMPT_ROLES, defaultSpamPolicy } from '@tribune/moderation';
import { paramsOf } from './spam-rule-row';

/** The one row of `spam_settings`. */
export const SPAM_SETTINGS_ID = 1;

/**
 * Seeds the documented default spam policy (docs/rules.md, "Default policy") once: when the settings row does not
 * exist yet, it is created with the default exempt roles together with the engine's default rules, under their
 * own ids (`default-rate`…), so hits keep naming them. The settings row then marks the seed as done: an operator
 * who removes every rule is not given the defaults back. Run inside the rules transaction (under its lock), so two
 * consoles never seed twice. true when it seeded.
 */
export async function ensureSpamSeeded(tx: Prisma.TransactionClient): Promise<boolean> {
  if (await tx.spamSettings.findUnique({ where: { id: SPAM_SETTINGS_ID }, select: { id: true } })) return false;
  await tx.spamSettings.create({ data: { id: SPAM_SETTINGS_ID, exemptRoles: [...DEFAULT_EXEMPT_ROLES] } });
  // An upgrade may find rules an operator wrote by hand: the defaults only fill ids that are free.
  await tx.spamRule.createMany({
    data: defaultSpamPolicy().map((r) => ({
      id: r.id,
      kind: r.kind,
      roomId: r.roomId,
      action: r.action,
      timeoutSeconds: r.timeoutSeconds ?? null,
      enabled: r.enabled,
      params: paramsOf(r) as Prisma.InputJsonValue,
    })),
    skipDuplicates: true,
  });
  return true;
}

/** The stored exempt roles (the defaults when the settings row is missing: nothing seeded yet). */
export async function storedExemptRoles(db: Pick<Prisma.TransactionClient, 'spamSettings'>): Promise<string[]> {
  const row = await db.spamSettings.findUnique({ where: { id: SPAM_SETTINGS_ID }, select: { exemptRoles: true } });
  return row ? row.exemptRoles : [...DEFAULT_EXEMPT_ROLES];
}
