import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Human-readable output for a terminal; JSON otherwise (production). */
  pretty?: boolean;
}

export function createLogger({ name, level = 'info', pretty = false }: LoggerOptions): Logger {
  return pino({
    name,
    level,
    base: { app: name },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,app' } } }
      : {}),
  });
}
