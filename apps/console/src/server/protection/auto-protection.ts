import type { RoomModes } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { Prisma } from '../../generated/prisma/client';
import { AppError } from '../app-error';
import { systemAudit, type Audit } from '../audit/record-audit';
import type { Db } from '../db/prisma';
import type { RulesService, Tx } from '../rules/rules-service';
import { DEFAULT_PROTECTION, type ProtectionSettings, type RoomProtectionView } from './protection-settings';
import type { RoomTraffic } from './room-traffic';
import { BASELINE_SECONDS, detectSpike, WINDOW_SECONDS, type SpikeVerdict } from './spike-detector';

/** What one room's check did. */
export type ProtectionOutcome = 'quiet' | 'spiking' | 'engaged' | 'extended' | 'reverted' | 'released' | 'failed';

export interface AutoProtection {
  /** Checks every armed (or still engaged) room once: engages, extends or reverts. Never throws. */
  tick(now?: number): Promise<Map<string, ProtectionOutcome>>;
  get(room: string): Promise<RoomProtectionView>;
  /** Saves settings; disarming an engaged room reverts it at once. `by` names the operator in reasons. */
  configure(room: string, settings: Partial<ProtectionSettings>, by: string, audit: Audit): Promise<RoomProtectionView>;
}

export interface AutoProtectionDeps {
  db: Db;
  rules: RulesService;
  traffic: RoomTraffic;
  logger: Logger;
  /** Newest seconds not judged yet: still on their way through Kafka and ingest. */
  lagSeconds: number;
  onOutcome?: (room: string, outcome: ProtectionOutcome) => void;
}

type ProtectionRow = Awaited<ReturnType<Db['roomProtection']['findUniqueOrThrow']>>;
type RoomRow = { slowModeSeconds: number | null; subscribersOnly: boolean };
type ModePatch = Pick<Partial<RoomModes>, 'slowModeSeconds' | 'subscribersOnly'>;

/** Thrown inside a rules change to roll it back when another console got there first: no version is written. */
class NothingToDo extends Error {}

const EVENTS_SHOWN = 20;

function settingsOf(row: ProtectionRow | null): ProtectionSettings {
  if (!row) return DEFAULT_PROTECTION;
  const { armed, action, slowModeSeconds, durationSeconds, factor, minRatePerSecond, minRefusedPercent } = row;
  return { armed, action, slowModeSeconds, durationSeconds, factor, minRatePerSecond, minRefusedPercent };
}

/** The modes engaging sets on `room`, or null when the room is already at least that strict. */
function modesToApply(p: ProtectionRow, room: RoomRow): { applied: ModePatch; previous: ModePatch } | null {
  if (p.action === 'subscribers_only') return room.subscribersOnly ? null : { applied: { subscribersOnly: true }, previous: { subscribersOnly: false } };
  if (room.slowModeSeconds !== null && room.slowModeSeconds >= p.slowModeSeconds) return null;
  return { applied: { slowModeSeconds: p.slowModeSeconds }, previous: { slowModeSeconds: room.slowModeSeconds } };
}

/** True when every mode protection set is still as it set it (nobody changed it since). */
function stillApplied(applied: ModePatch, room: RoomRow): boolean {
  return Object.entries(applied).every(([k, v]) => room[k as keyof RoomRow] === v);
}

function describe(patch: ModePatch): string {
  if (patch.subscribersOnly !== undefined) return `subscriber-only ${patch.subscribersOnly ? 'on' : 'off'}`;
  return patch.slowModeSeconds === null || patch.slowModeSeconds === undefined ? 'slow mode off' : `slow mode ${patch.slowModeSeconds} s`;
}

export function createAutoProtection(deps: AutoProtectionDeps): AutoProtection {
  const { db, rules, traffic, lagSeconds } = deps;
  const logger = deps.logger.child({ module: 'protection' });

  async function event(room: string, kind: ProtectionOutcome & ('engaged' | 'extended' | 'reverted' | 'released'), reason: string, rulesVersion: number | null) {
    await db.protectionEvent.create({ data: { roomId: room, kind, reason, rulesVersion } });
    logger.info({ room, kind, reason, rulesVersion }, `protection_${kind}`);
  }

  async function engage(p: ProtectionRow, verdict: SpikeVerdict, now: number): Promise<ProtectionOutcome> {
    const room = p.roomId;
    const until = new Date(now + p.durationSeconds * 1000);
    const plan = modesToApply(p, await db.room.findUniqueOrThrow({ where: { id: room } }));
    if (!plan) return 'spiking';
    const reason = `auto-protection: room ${room} ${describe(plan.applied)} for ${p.durationSeconds} s: ${verdict.reason ?? 'spike'}`;
    try {
      const change = await rules.change(reason, async (tx: Tx) => {
        // Under the rules lock: re-read, so two consoles do not both engage (the second rolls back, no version).
        const fresh = await tx.roomProtection.findUnique({ where: { roomId: room } });
        const current = await tx.room.findUniqueOrThrow({ where: { id: room } });
        const planNow = fresh?.armed && !fresh.engagedAt ? modesToApply(fresh, current) : null;
        if (!planNow) throw new NothingToDo();
        await tx.room.update({ where: { id: room }, data: planNow.applied });
        await systemAudit('protection.engage')(tx, { target: `room:${room}`, room, before: planNow.previous, after: planNow.applied });
        await tx.roomProtection.update({
          where: { roomId: room },
          data: { engagedAt: new Date(now), engagedUntil: until, engagedReason: reason, previousModes: planNow.previous as Prisma.InputJsonValue, appliedModes: planNow.applied as Prisma.InputJsonValue },
        });
      });
      await event(room, 'engaged', reason, change.version);
      return 'engaged';
    } catch (err) {
      if (err instanceof NothingToDo) return 'spiking';
      throw err;
    }
  }

  /** Ends an engagement: restores the modes it set unless someone changed them since (then it only lets go). */
  async function end(p: ProtectionRow, why: string): Promise<ProtectionOutcome> {
    const room = p.roomId;
    const applied = (p.appliedModes ?? {}) as ModePatch;
    const previous = (p.previousModes ?? {}) as ModePatch;
    const clear = { engagedAt: null, engagedUntil: null, engagedReason: null, previousModes: Prisma.DbNull, appliedModes: Prisma.DbNull };
    const current = await db.room.findUniqueOrThrow({ where: { id: room } });
    if (!stillApplied(applied, current)) {
      const { count } = await db.roomProtection.updateMany({ where: { roomId: room, engagedAt: p.engagedAt }, data: clear });
      if (count === 0) return 'quiet';
      await event(room, 'released', `auto-protection: room ${room} released (${why}); ${describe(applied)} was changed by an operator meanwhile, left as it is`, null);
      return 'released';
    }
    const reason = `auto-protection: room ${room} ${describe(previous)} again (${why})`;
    try {
      const change = await rules.change(reason, async (tx: Tx) => {
        const fresh = await tx.roomProtection.findUnique({ where: { roomId: room } });
        const now = await tx.room.findUniqueOrThrow({ where: { id: room } });
        if (!fresh?.engagedAt || fresh.engagedAt.getTime() !== p.engagedAt?.getTime() || !stillApplied(applied, now)) throw new NothingToDo();
        await tx.room.update({ where: { id: room }, data: previous });
        await systemAudit('protection.revert')(tx, { target: `room:${room}`, room, before: applied, after: previous });
        await tx.roomProtection.update({ where: { roomId: room }, data: clear });
      });
      await event(room, 'reverted', reason, change.version);
      return 'reverted';
    } catch (err) {
      // Another console ended it, or an operator changed the mode this instant: the next check sees the new state.
      if (err instanceof NothingToDo) return 'quiet';
      throw err;
    }
  }

  async function check(p: ProtectionRow, now: number): Promise<ProtectionOutcome> {
    if (!p.armed) return p.engagedAt ? end(p, 'disarmed') : 'quiet';
    const from = now - (BASELINE_SECONDS + WINDOW_SECONDS + lagSeconds + 1) * 1000;
    const verdict = detectSpike(await traffic(p.roomId, from, now), p, now, lagSeconds);
    if (!p.engagedAt || !p.engagedUntil) return verdict.spiking ? engage(p, verdict, now) : 'quiet';
    if (now < p.engagedUntil.getTime()) return 'spiking';
    if (verdict.spiking) {
      const until = new Date(now + p.durationSeconds * 1000);
      const { count } = await db.roomProtection.updateMany({ where: { roomId: p.roomId, engagedAt: p.engagedAt }, data: { engagedUntil: until } });
      if (count > 0) await event(p.roomId, 'extended', `auto-protection: room ${p.roomId} kept on until ${until.toISOString()}: ${verdict.reason ?? 'spike'}`, null);
      return 'extended';
    }
    return end(p, `the spike is over: ${verdict.ratePerSecond.toFixed(1)} msg/s, ${verdict.refusedPercent.toFixed(1)}% refused`);
  }

  async function view(room: string): Promise<RoomProtectionView> {
    const [row, events] = await Promise.all([
      db.roomProtection.findUnique({ where: { roomId: room } }),
      db.protectionEvent.findMany({ where: { roomId: room }, orderBy: { at: 'desc' }, take: EVENTS_SHOWN }),
    ]);
    const engaged = row?.engagedAt && row.engagedUntil ? { since: row.engagedAt, until: row.engagedUntil, reason: row.engagedReason ?? '' } : null;
    return { room, settings: settingsOf(row), engaged, events: events.map(({ id, kind, reason, rulesVersion, at }) => ({ id, kind, reason, rulesVersion, at })) };
  }

  return {
    async tick(now = Date.now()) {
      const outcomes = new Map<string, ProtectionOutcome>();
      let rows: ProtectionRow[];
      try {
        rows = await db.roomProtection.findMany({ where: { OR: [{ armed: true }, { engagedAt: { not: null } }] } });
      } catch (err) {
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'protection_check_failed');
        return outcomes;
      }
      for (const p of rows) {
        let outcome: ProtectionOutcome;
        try {
          outcome = await check(p, now);
        } catch (err) {
          logger.warn({ room: p.roomId, err: err instanceof Error ? err.message : String(err) }, 'protection_check_failed');
          outcome = 'failed';
        }
        outcomes.set(p.roomId, outcome);
        deps.onOutcome?.(p.roomId, outcome);
      }
      return outcomes;
    },

    get: view,

    async configure(room, settings, by, audit) {
      const exists = await db.room.findUnique({ where: { id: room }, select: { id: true } });
      if (!exists) throw new AppError('NOT_FOUND', `room ${room} does not exist`, [{ field: 'room', message: 'unknown room' }]);
      const saved = await db.$transaction(async (tx) => {
        const before = await tx.roomProtection.findUnique({ where: { roomId: room } });
        const after = await tx.roomProtection.upsert({ where: { roomId: room }, create: { roomId: room, ...DEFAULT_PROTECTION, ...settings }, update: settings });
        await audit(tx, { target: `protection:${room}`, room, before: before ? settingsOf(before) : null, after: settingsOf(after) });
        return after;
      });
      logger.info({ room, settings, by }, 'protection_configured');
      if (!saved.armed && saved.engagedAt) await end(saved, `disarmed by ${by}`);
      return view(room);
    },
  };
}
