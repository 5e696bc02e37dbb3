import type { Db } from '../db/prisma';

export type AnnotationKind = 'rule' | 'mode' | 'sanction';

/** A change drawn on a room's timeline: when, what kind, what (short), who. */
export interface Annotation {
  t: number;
  kind: AnnotationKind;
  label: string;
  by: string;
}

/**
 * The kind of an audit action that changes what a room enforces, or null for one that does not (operators, tokens,
 * logins…). Rules: words, allowed phrases, spam rules and exempt roles, "allow this"; modes: room modes and status,
 * automatic protection; sanctions: anything named so (timeouts, bans).
 */
export function annotationKind(action: string): AnnotationKind | null {
  if (/sanction|timeout|ban\b|\.ban|mute/i.test(action)) return 'sanction';
  if (/^(words|allowed|spam)\./.test(action) || action === 'review.allowThis') return 'rule';
  if (/^rooms\.(setModes|update)$/.test(action) || action.startsWith('protection.')) return 'mode';
  return null;
}

const termOf = (state: unknown): string | null => (state && typeof state === 'object' && 'term' in state && typeof state.term === 'string' ? state.term : null);

/**
 * A short label: the action and its term when the row carries one — after the change, or before it for a removal
 * (`words.remove "zebra"`) — else its target (`rooms.setModes room:r`).
 */
export function annotationLabel(action: string, target: string | null, after: unknown, before: unknown = null): string {
  const term = termOf(after) ?? termOf(before);
  return `${action}${term !== null ? ` "${term}"` : target ? ` ${target}` : ''}`;
}

/**
 * The room's annotations in `[from, to)` from the audit log (one source for every kind): rows of the room, and
 * global rows (room null) of rule changes, which apply to every room.
 */
export async function readAnnotations(db: Db, room: string, from: number, to: number, limit = 200): Promise<Annotation[]> {
  const rows = await db.auditLog.findMany({
    where: { at: { gte: new Date(from), lt: new Date(to) }, OR: [{ room }, { room: null }] },
    orderBy: { at: 'asc' },
    take: limit * 2,
    select: { at: true, action: true, target: true, room: true, after: true, before: true, actorLabel: true },
  });
  const out: Annotation[] = [];
  for (const r of rows) {
    const kind = annotationKind(r.action);
    if (!kind || (r.room === null && kind !== 'rule')) continue;
    out.push({ t: r.at.getTime(), kind, label: annotationLabel(r.action, r.target, r.after, r.before), by: r.actorLabel });
  }
  return out.slice(-limit);
}
