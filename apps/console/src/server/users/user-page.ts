import type { ClickHouseClient } from '@clickhouse/client';
import { userDecisions, userMessages } from '@tribune/analytics';
import type { Principal } from '../access/principal';
import type { ActiveSanction, GetUserInput, UserPage } from '../api/routers/users/get-user.types';

/** Where the page gets a viewer's active sanctions (the same read `sanctions.listForUser` answers with). */
export type ActiveSanctionsReader = (userId: string) => Promise<ActiveSanction[]>;

export interface UserPageDeps {
  clickhouse: ClickHouseClient;
  activeSanctions: ActiveSanctionsReader;
  now?: () => number;
}

/** Decision actions that remove the message from the room: the page shows such a message as `deleted`. */
export const REMOVAL_ACTIONS: ReadonlySet<string> = new Set(['delete', 'deleted', 'purge', 'purged']);

/** A held message's fate, from the review decision about it. */
const REVIEWED: Readonly<Record<string, string>> = { approve: 'held, approved', reject: 'held, rejected', expire: 'held, expired' };

/**
 * A viewer's page: recent messages across rooms and the decisions about them (ClickHouse, newest first, bounded by
 * the window and the limit), and their active sanctions. A moderator scoped to rooms sees only those rooms' rows.
 */
export async function readUserPage(deps: UserPageDeps, principal: Principal, input: GetUserInput): Promise<UserPage> {
  const now = deps.now?.() ?? Date.now();
  const rooms = principal.role === 'moderator' && principal.rooms.length > 0 ? principal.rooms : null;
  const sinceMs = now - input.days * 86_400_000;
  const query = { userId: input.userId, rooms, sinceMs };
  const [messages, decisions, sanctions] = await Promise.all([
    userMessages(deps.clickhouse, { ...query, limit: input.limit + 1 }),
    userDecisions(deps.clickhouse, { ...query, limit: input.limit }),
    deps.activeSanctions(input.userId),
  ]);
  const removed = new Set(decisions.filter((d) => d.messageId !== null && REMOVAL_ACTIONS.has(d.action)).map((d) => d.messageId));
  const reviewed = new Map(decisions.flatMap((d) => (d.messageId !== null && d.source === 'operator' && REVIEWED[d.action] ? [[d.messageId, REVIEWED[d.action]!] as const] : [])));
  const statusOf = (m: { id: string; status: string }) => (removed.has(m.id) ? 'deleted' : m.status === 'held' ? (reviewed.get(m.id) ?? 'held') : m.status);
  const kept = messages.slice(0, input.limit);
  return {
    userId: input.userId,
    name: kept[0]?.userName ?? null,
    rooms,
    sinceMs,
    messages: kept.map((m) => ({ id: m.id, ts: m.ts, room: m.room, text: m.text, deliveredText: m.deliveredText, status: statusOf(m), hitTerms: m.hitTerms })),
    truncated: messages.length > input.limit,
    decisions,
    sanctions: rooms === null ? sanctions : sanctions.filter((s) => s.room === null || rooms.includes(s.room)),
    canAct: principal.role === 'admin' || principal.role === 'moderator',
  };
}
