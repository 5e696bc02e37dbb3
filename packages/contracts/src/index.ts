export * from './names';
export * from './rules';
export * from './protocol';
export * from './protocol-codes';
export * from './events';
export * from './redis-messages';
export * from './viewer-token';
export * from './review';
