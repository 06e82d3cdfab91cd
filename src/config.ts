import { z } from 'zod';

/**
 * The one place environment variables are read. Everything else receives a typed `AppConfig`.
 * Unset connection settings (TEMPORAL_ADDRESS, DATABASE_URL, provider base URLs) mean "embedded":
 * `npm start` then starts the dependency itself on the configured port.
 */

// GoHighLevel's published webhook public key (../shared/specs/ghl/webhooks/WebhookAuthentication.md).
export const GHL_PUBLISHED_WEBHOOK_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----`;

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: readable lines when `npm start` writes to a terminal, JSON otherwise; `json` / `pretty` force one. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Project-local directory for embedded PostgreSQL data, generated tokens, sandbox state. */
  DATA_DIR: z.string().default('.data'),

  PORT: port(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Public URL of this API, used for webhook callback URLs registered at providers. */
  PUBLIC_BASE_URL: optionalUrl,
  /** Express body limit for every JSON/webhook endpoint. */
  BODY_LIMIT: z.string().default('100kb'),

  API_TOKEN: optionalString.pipe(z.string().min(16, 'API_TOKEN must be at least 16 characters').optional()),
  ADMIN_API_TOKEN: optionalString.pipe(
    z.string().min(16, 'ADMIN_API_TOKEN must be at least 16 characters').optional(),
  ),
  /** 32 bytes, base64: key for provider secrets encrypted at rest (AES-256-GCM). */
  SECRETS_ENCRYPTION_KEY: optionalString,

  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('lead-booking'),
  /**
   * Lead workflows a worker keeps in memory (sticky cache). An evicted one is rebuilt from its history on
   * its next message (a replay: milliseconds for a lead's short history), so this bounds worker memory,
   * not how many leads can wait. See docs/performance.md for sizing.
   */
  WORKER_WORKFLOW_CACHE_SIZE: z.coerce.number().int().min(0).default(1000),
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_TLS: bool,
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  /** Where operators open the Temporal Web UI (printed at start; used in links). */
  TEMPORAL_UI_URL: optionalUrl,
  TEMPORAL_CLI_PATH: optionalString,
  /**
   * Which Temporal `npm start` and the tests embed when TEMPORAL_ADDRESS is unset: `dev` (the CLI's
   * `temporal server start-dev`, SQLite, one process; nothing to build once the CLI is there) or
   * `server` (the real multi-service Temporal server on the embedded PostgreSQL with SQL visibility,
   * what a production cluster runs; src/temporal/realServer.ts).
   */
  TEMPORAL_ENGINE: z.enum(['dev', 'server']).default('dev'),
  /** Paths to the real server's binaries (engine `server`; unset: PATH, then the project's cache, then go install). */
  TEMPORAL_SERVER_PATH: optionalString,
  TEMPORAL_SQL_TOOL_PATH: optionalString,
  TEMPORAL_UI_SERVER_PATH: optionalString,
  /**
   * Port of the Temporal SDK's Prometheus exporter (bound on HOST; `GET /metrics` appends what it
   * serves). Unset: 9464, or off when NODE_ENV=test (test processes run side by side); 0: off.
   */
  TEMPORAL_METRICS_PORT: optionalString.pipe(
    z.coerce.number<string | undefined>().int().min(0).max(65535).optional(),
  ),

  DATABASE_URL: optionalString,
  POSTGRES_PORT: port(5433),

  /**
   * Dependency deadlines: a request that needs a stopped PostgreSQL or Temporal answers 503
   * (`unavailable`) after about this long instead of hanging for the whole outage.
   * DB_CONNECT_TIMEOUT_MS: opening a pool connection; DB_STATEMENT_TIMEOUT_MS: one SQL statement
   * (server-side `statement_timeout`, and client-side for a server that stopped answering);
   * TEMPORAL_RPC_TIMEOUT_MS: one Temporal gRPC call, retries included; TEMPORAL_LONG_CALL_TIMEOUT_MS: the
   * calls that wait on the workflow by design (Updates and their results, history long polls), which
   * legitimately outlast a short deadline (an Update that calls a provider);
   * READINESS_CHECK_TIMEOUT_MS: each `/readyz` check (the whole answer stays under 2 s).
   */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  TEMPORAL_RPC_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  TEMPORAL_LONG_CALL_TIMEOUT_MS: z.coerce.number().int().positive().default(70_000),
  READINESS_CHECK_TIMEOUT_MS: z.coerce.number().int().positive().max(1_900).default(1_500),

  GHL_API_BASE_URL: optionalUrl,
  GHL_API_VERSION: z.string().default('2021-04-15'),
  GHL_SANDBOX_PORT: port(4010),
  GHL_WEBHOOK_PUBLIC_KEY: optionalString,
  /** Max age of a webhook's own timestamp before it is rejected as a replay. */
  WEBHOOK_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(300),
  /** A stored webhook whose delivery failed this many times is marked failed for good and counted. */
  WEBHOOK_REDELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),

  CALENDLY_API_BASE_URL: optionalUrl,
  CALENDLY_SANDBOX_PORT: port(4020),

  /** HubSpot Meetings (an availability source): unset = the embedded sandbox on HUBSPOT_SANDBOX_PORT. */
  HUBSPOT_API_BASE_URL: optionalUrl,
  HUBSPOT_SANDBOX_PORT: port(4030),
  /** Which HubSpot scheduler paths: the legacy `v3` or a dated version (`2026-03`); same shapes. */
  HUBSPOT_SCHEDULER_API_VERSION: z
    .string()
    .regex(/^(v3|\d{4}-\d{2})$/)
    .default('v3'),

  /** Availability older than this is refreshed from the provider before offering. */
  AVAILABILITY_CACHE_TTL_SECONDS: z.coerce.number().int().nonnegative().default(300),
  /** How long provider failures are retried before the booking is flagged for an operator. */
  BOOKING_ATTENTION_AFTER_SECONDS: z.coerce.number().int().positive().default(900),
  /** A booking the provider has not confirmed (webhook) after this long is flagged NeedsAttention. */
  BOOKING_CONFIRMATION_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(1800),
  /** How long a lead has to answer "Just to confirm: ...?" before a person is asked to follow up. */
  PICK_CONFIRMATION_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(86_400),
  /** A lead with no booking and no activity for this long ends its workflow (the next offer starts anew). */
  LEAD_INACTIVE_AFTER_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 86_400),
  /** Lead workflows continue-as-new past this many history events (unset: when Temporal suggests it). */
  WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS: optionalString.pipe(
    z.coerce.number<string | undefined>().int().min(50).optional(),
  ),
  /** Per-attempt limit of the booking activity; a hung provider call is retried after it. */
  BOOKING_CALL_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(45),
  /** Per-request timeout for provider HTTP calls. */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

  /**
   * Identity directory for workspace access lists (setters, inbox managers). Unset: the local `User`
   * table. Set: Supabase Auth's admin API (`{SUPABASE_URL}/auth/v1/admin/users`) resolves emails.
   */
  SUPABASE_URL: optionalUrl,
  /** Service-role key for the Supabase Auth admin API; required when SUPABASE_URL is set. Never logged. */
  SUPABASE_SERVICE_ROLE_KEY: optionalString,
});

export type AppConfig = z.infer<typeof configSchema>;

/** The Temporal SDK metrics port in effect (see TEMPORAL_METRICS_PORT); 0 means off. */
export function temporalMetricsPort(config: AppConfig): number {
  return config.TEMPORAL_METRICS_PORT ?? (config.NODE_ENV === 'test' ? 0 : 9464);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Every variable the service reads; `.env.example` and docker-compose are checked against it. */
export const CONFIG_KEYS = Object.keys(configSchema.shape) as (keyof AppConfig)[];

/** Throws one ConfigError naming every required setting that is unset or empty (api, worker, setup). */
export function requireConfig<K extends keyof AppConfig>(
  config: AppConfig,
  keys: readonly K[],
  processName: string,
): AppConfig & { [P in K]-?: NonNullable<AppConfig[P]> } {
  const missing = keys.filter((k) => config[k] === undefined || config[k] === '');
  if (missing.length > 0) {
    throw new ConfigError(
      `The ${processName} process needs these environment variables (see .env.example): ${missing.join(', ')}`,
    );
  }
  return config as AppConfig & { [P in K]-?: NonNullable<AppConfig[P]> };
}
