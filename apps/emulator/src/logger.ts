/** The emulator's pino logger: pretty output on a terminal, JSON lines otherwise. */
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { LogLevel } from './config.js';

/** Create the logger for a log level; `pretty` defaults to whether stdout is a TTY. */
export function createLogger(level: LogLevel, pretty: boolean = process.stdout.isTTY === true): Logger {
  if (level === 'silent') return pino({ level: 'silent' });
  if (pretty) {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino({ level });
}
