import { access, roomField } from '../../../access/access-rules';
import type { RoomModes } from '@tribune/contracts';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { setRoomModesInput, setRoomModesOutput } from './set-room-modes.types';

/** "slow mode 30 s, links off" — what changed, for the rules version's reason and the audit trail. */
export function describeModes(modes: Partial<RoomModes>): string {
  const on = (flag: boolean | undefined, name: string) => (flag === undefined ? [] : [`${name} ${flag ? 'on' : 'off'}`]);
  const value = (v: number | null | undefined, name: string, unit: string) => (v === undefined ? [] : [v === null ? `${name} off` : `${name} ${v}${unit}`]);
  return [
    ...value(modes.slowModeSeconds, 'slow mode', ' s'),
    ...on(modes.subscribersOnly, 'subscriber-only'),
    ...on(modes.emojiOnly, 'emoji-only'),
    ...on(modes.linksOff, 'links-off'),
    ...value(modes.maxMessageLength, 'max length', ' chars'),
    ...value(modes.firstTimeWaitSeconds, 'first-time wait', ' s'),
  ].join(', ');
}

/** Changes room modes: one rules version (with the change as its reason) published to every node, like a word. */
export const setRoomModesRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('id')) })
  .input(setRoomModesInput)
  .output(setRoomModesOutput)
  .mutation(async ({ ctx, input }) => {
    const { id, modes } = input;
    const reason = `room ${id} modes: ${describeModes(modes)} by ${ctx.principal.label}`;
    const change = await ctx.services.rules.change(reason, async (tx) => {
      const before = await tx.room.findUnique({ where: { id } });
      // Thrown inside the transaction: an unknown room commits no version.
      if (!before) throw new AppError('NOT_FOUND', `room ${id} does not exist`, [{ field: 'id', message: 'unknown room' }]);
      const after = await tx.room.update({ where: { id }, data: modes });
      await ctx.audit(tx, { target: `room:${id}`, room: id, before, after });
      return after;
    });
    ctx.services.logger.info({ module: 'rooms', room: id, by: ctx.principal.id, modes, rulesVersion: change.version, published: change.published }, 'room_modes_changed');
    return { room: change.result, rulesVersion: change.version, published: change.published };
  });
