import { MAX_SLOW_MODE_SECONDS, roomId } from '@tribune/contracts';
import { z } from 'zod';

/** What automatic protection turns on: slow mode (for `slowModeSeconds`) or subscriber-only. */
export const protectionAction = z.enum(['slow_mode', 'subscribers_only']);
export type ProtectionAction = z.infer<typeof protectionAction>;

/** A room's protection settings, as the console edits them; bounds are named in errors (`settings.factor`). */
export const protectionSettings = z.object({
  armed: z.boolean(),
  action: protectionAction,
  slowModeSeconds: z.number().int().min(1).max(MAX_SLOW_MODE_SECONDS),
  /** Seconds it stays on once engaged (kept on while the spike lasts): 5 s to 24 h. */
  durationSeconds: z.number().int().min(5).max(86_400),
  /** A spike is this multiple of the room's 10-minute median. */
  factor: z.number().min(1.5).max(100),
  minRatePerSecond: z.number().min(0.5).max(100_000),
  minRefusedPercent: z.number().min(1).max(100),
});
export type ProtectionSettings = z.infer<typeof protectionSettings>;

export const DEFAULT_PROTECTION: ProtectionSettings = {
  armed: false,
  action: 'slow_mode',
  slowModeSeconds: 30,
  durationSeconds: 300,
  factor: 5,
  minRatePerSecond: 5,
  minRefusedPercent: 30,
};

export const configureProtectionInput = z.object({ room: roomId, settings: protectionSettings.partial().strict() });
export type ConfigureProtectionInput = z.infer<typeof configureProtectionInput>;

export const protectionEvent = z.object({
  id: z.string(),
  kind: z.enum(['engaged', 'extended', 'reverted', 'released']),
  reason: z.string(),
  rulesVersion: z.number().int().nullable(),
  at: z.date(),
});

/** Settings, whether it is engaged now (until when and why), and its latest events (newest first). */
export const roomProtectionView = z.object({
  room: z.string(),
  settings: protectionSettings,
  engaged: z.object({ since: z.date(), until: z.date(), reason: z.string() }).nullable(),
  events: z.array(protectionEvent),
});
export type RoomProtectionView = z.infer<typeof roomProtectionView>;
