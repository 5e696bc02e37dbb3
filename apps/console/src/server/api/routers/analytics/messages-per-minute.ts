import { access } from '../../../access/access-rules';
import { messagesPerMinute } from '../../../analytics/messages-per-minute';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { messagesPerMinuteInput, messagesPerMinuteOutput } from './messages-per-minute.types';

export const messagesPerMinuteRoute = protectedProcedure
  .meta({ access: access.read })
  .input(messagesPerMinuteInput)
  .output(messagesPerMinuteOutput)
  .query(async ({ ctx, input }) => {
    try {
      return await messagesPerMinute(ctx.services.clickhouse, input.room, input.minutes);
    } catch (err) {
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'ClickHouse did not answer the chart query', [], { cause: err });
    }
  });
