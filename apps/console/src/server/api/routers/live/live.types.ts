import { roomId } from '@tribune/contracts';
import { timeRange } from '@tribune/analytics';
import { z } from 'zod';

export const onOverviewInput = z.void();
export const onRoomInput = z.object({ room: roomId });
export const historyInput = z.object({ room: roomId, range: timeRange });
