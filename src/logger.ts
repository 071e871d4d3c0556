import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The process logger: JSON lines on stdout. Secrets never reach it: API keys, passwords and
 * authorization headers are redacted wherever they appear in a logged object.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'dualhub' },
    redact: {
      paths: ['apiKey', '*.apiKey', 'password', '*.password', 'secret', '*.secret', 'authorization', '*.authorization', 'req.headers.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}
