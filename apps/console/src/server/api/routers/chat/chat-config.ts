import { access } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { chatConfigInput, chatConfigOutput } from './chat-config.types';

/** The chat nodes the demo page may connect to (CHAT_NODE_URLS). */
export const chatConfigRoute = protectedProcedure
  .meta({ access: access.read })
  .input(chatConfigInput)
  .output(chatConfigOutput)
  .query(({ ctx }) => ({ nodeUrls: ctx.services.config.CHAT_NODE_URLS }));
