export * from './config';
export * from './logger';
export * from './shutdown';
export * from './ops-server';
export * from './env';
export * from './process-guards';
export * from './request-url';
