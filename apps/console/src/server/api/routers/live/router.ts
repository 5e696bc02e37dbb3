import { createTRPCRouter } from '../../trpc';
import { historyRoute } from './history';
import { onOverviewRoute } from './on-overview';
import { onRoomRoute } from './on-room';

export const liveRouter = createTRPCRouter({ onOverview: onOverviewRoute, onRoom: onRoomRoute, history: historyRoute });
