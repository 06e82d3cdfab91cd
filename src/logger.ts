import pino from 'pino';
import pinoPretty from 'pino-pretty';

/**
 * Structured JSON logs (readable lines on a terminal: see chooseLogFormat). Anything that could carry a secret is redacted by path, so a token passed in a
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

/** LOG_FORMAT: `auto` (readable lines on a terminal, JSON otherwise), or forced `json` / `pretty`. */
export type LogFormatSetting = 'auto' | 'json' | 'pretty';

/**
 * Readable lines only for a person at a terminal; log collectors (pipes, files, containers) and anyone
 * who asks with LOG_FORMAT=json get one JSON object per line.
 */
export function chooseLogFormat(
  setting: LogFormatSetting | undefined,
  isTTY: boolean | undefined,
): 'json' | 'pretty' {
  if (setting === 'json' || setting === 'pretty') return setting;
  return isTTY ? 'pretty' : 'json';
}

export function createLogger(
  opts: { level?: string; destination?: pino.DestinationStream; format?: 'json' | 'pretty' } = {},
): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'booking-orchestrator' },
  };
  if (opts.format !== 'pretty') return pino(options, opts.destination);
  // In-process and synchronous (not a worker-thread transport): lines written right before
  // process.exit, like the shutdown's last ones, still reach the terminal. Redaction runs before it.
  const pretty = pinoPretty({
    destination: opts.destination ?? 1,
    sync: true,
    colorize: opts.destination === undefined && pinoPretty.isColorSupported,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    singleLine: true,
  });
  return pino(options, pretty);
}
