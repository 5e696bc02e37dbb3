// `@tribune/analytics`: what the console's charts (and the dashboard benchmark) ask ClickHouse. Rollups only.
export { messagesByStatus, messagesByStatusInput, messagesByStatusRow, type MessagesByStatusInput, type MessagesByStatusRow } from './messages-by-status';
export { refusedShare, refusedShareInput, refusedShareResult, type RefusedShareInput, type RefusedShareResult } from './refused-share';
export { topRules, topRulesInput, topRuleRow, type TopRulesInput, type TopRuleRow } from './top-rules';
export { topTerms, topTermsInput, topTermRow, type TopTermsInput, type TopTermRow } from './top-terms';
export { uniqueChatters, uniqueChattersInput, type UniqueChattersInput } from './unique-chatters';
export { roomsOverview, roomsOverviewInput, roomOverviewRow, type RoomsOverviewInput, type RoomOverviewRow } from './rooms-overview';
export { REFUSED_STATUSES } from './statuses';
export { timeRange, resolution, resolutionFor, rangeParams, SECOND_RESOLUTION_MAX_MS, type TimeRange, type Resolution } from './time-range';
export { userMessages, userDecisions, userActivityInput, userMessageRow, userDecisionRow, type UserActivityInput, type UserMessageRow, type UserDecisionRow } from './user-activity';
export { COOKBOOK, type CookbookEntry } from './cookbook';
