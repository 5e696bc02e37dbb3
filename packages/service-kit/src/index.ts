export * from './config';
export * from './logger';
export * from './shutdown';
export * from './ops-server';
export * from './env';
