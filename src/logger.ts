import pino from 'pino';

/**
 * Structured JSON logs. Anything that could carry a secret is redacted by path, so a token passed in a
 * log object by mistake never reaches the output. These field names are redacted at the top level of a
 * log line and one object down (`*.name`); request headers two levels down (`req.headers.authorization`).
 */
const SECRET_FIELDS = [
  'token',
  'accessToken',
  'refreshToken',
  'personalAccessToken',
  'ghlAccessToken',
  'signingKey',
  'apiToken',
  'apiKey',
  'password',
  'secret',
  'clientSecret',
  'authorization',
  'Authorization',
  'cookie',
  'ghlAccessTokenEnc',
  'accessTokenEnc',
  'signingKeyEnc',
  'serviceRoleKey',
  // AppConfig keys, should a config object ever be logged.
  'API_TOKEN',
  'ADMIN_API_TOKEN',
  'SECRETS_ENCRYPTION_KEY',
  'TEMPORAL_API_KEY',
  'SUPABASE_SERVICE_ROLE_KEY',
  'DATABASE_URL',
];

export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.cookie',
  '*.headers["x-api-key"]',
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
