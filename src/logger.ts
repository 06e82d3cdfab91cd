import pino from 'pino';

/**
 * Structured JSON logs. Anything that could carry a secret is redacted by path, so a token passed in a
 * log object by mistake never reaches the output.
 */
export const REDACT_PATHS = [
  '*.token',
  '*.accessToken',
  '*.personalAccessToken',
  '*.signingKey',
  '*.apiToken',
  '*.password',
  '*.authorization',
  '*.Authorization',
  'req.headers.authorization',
  'headers.authorization',
  '*.ghlAccessTokenEnc',
  '*.accessTokenEnc',
  '*.signingKeyEnc',
  '*.serviceRoleKey',
];

export type Logger = pino.Logger;

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'booking-orchestrator' },
    },
    opts.destination,
  );
}
