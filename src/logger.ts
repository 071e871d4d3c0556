import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field names whose values never reach the log, at the top level or one object down. */
const SECRET_FIELDS = [
  'apiKey',
  'password',
  'secret',
  'privateKey',
  'authorization',
  'token',
  'cookie',
  'passwordHash',
  'totpSecret',
  'clientSecret',
  'oidcClientSecrets',
  'codeVerifier',
  'secretAccessKey',
  'S3_SECRET_ACCESS_KEY',
  'SECRET_KEY',
  'credentials',
];

/**
 * The process logger: JSON lines on stdout (or `destination`). API keys, passwords, private keys
 * and authorization headers in a logged object are replaced by `[redacted]`.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'dualhub' },
      redact: {
        paths: [...SECRET_FIELDS, ...SECRET_FIELDS.map((field) => `*.${field}`), 'req.headers.authorization', 'req.headers.cookie', 'headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
