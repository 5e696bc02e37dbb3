import { createCallerFactory, createTRPCRouter } from './trpc';
import { allowedRouter } from './routers/allowed/router';
import { analyticsRouter } from './routers/analytics/router';
import { auditRouter } from './routers/audit/router';
import { authRouter } from './routers/auth/router';
import { backtestRouter } from './routers/backtest/router';
import { chatRouter } from './routers/chat/router';
import { nodesRouter } from './routers/nodes/router';
import { privacyRouter } from './routers/privacy/router';
import { operatorsRouter } from './routers/operators/router';
import { protectionRouter } from './routers/protection/router';
import { reviewRouter } from './routers/review/router';
import { roomsRouter } from './routers/rooms/router';
import { spamRouter } from './routers/spam/router';
import { tokensRouter } from './routers/tokens/router';
import { wordsRouter } from './routers/words/router';
import { usersRouter } from './routers/users/router';
import { sanctionsRouter } from './routers/sanctions/router';
import { messagesRouter } from './routers/messages/router';
import { exploreRouter } from './routers/explore/router';
import { savedQueriesRouter } from './routers/explore/saved-queries-router';
import { liveRouter } from './routers/live/router';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  rooms: roomsRouter,
  words: wordsRouter,
  allowed: allowedRouter,
  spam: spamRouter,
  protection: protectionRouter,
  privacy: privacyRouter,
  review: reviewRouter,
  backtest: backtestRouter,
  nodes: nodesRouter,
  analytics: analyticsRouter,
  chat: chatRouter,
  operators: operatorsRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  users: usersRouter,
  sanctions: sanctionsRouter,
  messages: messagesRouter,
  explore: exploreRouter,
  savedQueries: savedQueriesRouter,
  live: liveRouter,
});
export type AppRouter = typeof appRouter;

/** Server-side calls (tests, server components) go through the same procedures and checks. */
export const createCaller = createCallerFactory(appRouter);
