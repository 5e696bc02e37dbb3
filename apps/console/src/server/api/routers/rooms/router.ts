import { createTRPCRouter } from '../../trpc';
import { createRoomRoute } from './create-room';
import { getRoomRoute } from './get-room';
import { listRoomsRoute } from './list-rooms';
import { roomSpamRulesRoute } from './room-spam-rules';
import { setRoomModesRoute } from './set-room-modes';
import { updateRoomRoute } from './update-room';

export const roomsRouter = createTRPCRouter({ list: listRoomsRoute, get: getRoomRoute, create: createRoomRoute, update: updateRoomRoute, setModes: setRoomModesRoute, spamRules: roomSpamRulesRoute });
