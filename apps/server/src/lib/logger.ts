import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** How log lines are written: `auto` is human-readable on a terminal and JSON otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** The format a process uses: readable lines for a person at a terminal, JSON for a collector or a file. */
export function chooseLogFormat(format: LogFormat, isTTY: boolean): 'json' | 'pretty' {
  if (format === 'auto') return isTTY ? 'pretty' : 'json';
  return format;
}

/**
 * The server's logger on stdout: pino-pretty (local time, no pid/hostname) when the chosen format is
 * `pretty`, plain pino JSON otherwise. Both write synchronously, so the start banner printed after
 * them really comes last. `destination` is for tests.
 */
export function createLogger(options: { level: string; format: LogFormat; isTTY?: boolean; destination?: DestinationStream }): Logger {
  const isTTY = options.isTTY ?? Boolean(process.stdout.isTTY);
  if (chooseLogFormat(options.format, isTTY) === 'json') return pino({ level: options.level }, options.destination ?? pino.destination({ dest: 1, sync: true }));
  const stream = pretty({ colorize: isTTY, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', sync: true, ...(options.destination ? { destination: options.destination } : {}) });
  return pino({ level: options.level }, stream);
}
