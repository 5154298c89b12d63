import pino, { Logger } from 'pino';

/**
 * Structured JSON logs. Paths that could carry secrets or personal data are redacted at the source,
 * so a careless `log.info({ req })` cannot leak a bearer token.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'mirrorfit' },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'headers.authorization',
        '*.headers.authorization',
        'token',
        '*.token',
        'deviceToken',
        '*.deviceToken',
        'password',
        '*.password',
        'email',
        '*.email',
        'variables',
        '*.variables',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
