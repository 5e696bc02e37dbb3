import { createTRPCRouter } from '../../trpc';
import { messagesPerMinuteRoute } from './messages-per-minute';

export const analyticsRouter = createTRPCRouter({ messagesPerMinute: messagesPerMinuteRoute });
