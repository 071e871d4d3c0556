import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './shared/project-root';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

/** The environment variables DualHub reads, with their defaults. */
/** A comma-separated list, trimmed, without empty items. */
function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

const environmentSchema = z.object({
  /** HTTP port of the API; default 4000 (0 picks a free one). */
  PORT: port.default(4000),
  /** Interface the API listens on; default 127.0.0.1. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL URL; when absent an embedded PostgreSQL is started. */
  DATABASE_URL: z.url({ message: 'must be a postgres:// URL' }).optional(),
  /** Folder for local state (embedded database, PKI); default `.data` in the project. */
  DATA_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, '.data')),
  /**
   * Key-encryption key of stored secrets (station passwords): 32 bytes, base64url. Default: none,
   * then `DATA_DIR/secret.key` is used (created on first use, mode 0600).
   */
  SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64url').length === 32, 'must be 32 bytes, base64url-encoded')
    .optional(),
  /** Port of the embedded PostgreSQL; default 54329 (0 picks a free one). */
  EMBEDDED_PG_PORT: port.default(54329),
  /** pino level; default info. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `production` masks internal errors and turns off introspection-friendly extras. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Seed the fixtures on start (idempotent); default true. */
  SEED_FIXTURES: booleanFromEnv.default(true),
  /** Start the stand-in trainers with the product; default true. */
  START_SIMULATORS: booleanFromEnv.default(true),
  /** Modbus TCP port of the stand-in PLC trainer `npm start` runs; default 5020 (0 picks a free one). */
  SIM_PLC_PORT: port.default(5020),
  /** OPC UA port of the stand-in robot cell `npm start` runs; default 4841 (0 picks a free one). */
  SIM_ROBOT_PORT: port.default(4841),
  /** Run the lab runtime (sessions on API-run stations) in the API process; default true. */
  START_LAB_RUNTIME: booleanFromEnv.default(true),
  /** `compiled`: lists that the SQL compiler knows are read in one statement building JSON; `orm`: every read through MikroORM (for comparison). */
  READ_PATH: z.enum(['compiled', 'orm']).default('compiled'),
  /** Id of this process's lab runtime, stable across restarts (its orphaned sessions are interrupted at start-up); default `api@<hostname>`. */
  LAB_RUNTIME_ID: z.string().min(1).max(200).optional(),
  /** Lease time of a running lab session, ms: its API process renews it every third of that; another process ends the session INTERRUPTED once it expires. */
  LAB_LEASE_TTL_MS: z.coerce.number().int().min(300).default(15_000),
  /** Bearer token `GET /metrics` requires (at least 16 characters); unset: /metrics answers loopback clients only. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** OTLP/HTTP endpoint of an OpenTelemetry collector (e.g. http://otel:4318): traces of HTTP, GraphQL and pg are exported there; unset: tracing is off and not loaded. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /**
   * Where the API's own lab runtime may connect: comma-separated CIDRs, addresses and host names
   * (each host a station names is resolved and every address must be inside); default loopback only.
   */
  LAB_ALLOWED_HOSTS: z.string().min(1).default('127.0.0.0/8,::1/128,localhost'),
  /** Largest accepted request body in bytes; default 1 MiB. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Largest logbook evidence attachment in bytes (its own upload route, not /graphql); default 10 MiB. */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Where logbook evidence bytes are kept: `filesystem` (under `DATA_DIR/attachments`, default) or `s3` (an S3-compatible bucket, the `S3_*` settings). */
  ATTACHMENT_STORAGE: z.enum(['filesystem', 's3']).default('filesystem'),
  /** Endpoint of the S3-compatible store (e.g. `https://s3.example.kz`, `http://127.0.0.1:9000`); default AWS's for `S3_REGION`. */
  S3_ENDPOINT: z.url({ message: 'must be an http:// or https:// URL' }).optional(),
  /** Bucket the attachments go to (required with ATTACHMENT_STORAGE=s3; it must exist). */
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3-63 lowercase letters, digits, dots, hyphens)')
    .optional(),
  /** Region of the bucket (required with ATTACHMENT_STORAGE=s3; MinIO and most others accept `us-east-1`). */
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/, 'must be a region name such as us-east-1')
    .optional(),
  /** Access key id (required with ATTACHMENT_STORAGE=s3). */
  S3_ACCESS_KEY_ID: z.string().min(1).max(256).optional(),
  /** Secret access key (required with ATTACHMENT_STORAGE=s3); never logged, never echoed in an error. */
  S3_SECRET_ACCESS_KEY: z.string().min(1).max(512).optional(),
  /** Address buckets by path (`endpoint/bucket/key`, as MinIO and most self-hosted stores want) instead of by host name; default false. */
  S3_FORCE_PATH_STYLE: booleanFromEnv.default(false),
  /** Timeout of one S3 request, ms (connection and answer); default 30 000. */
  S3_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Deepest query accepted; default 12. */
  MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(12),
  /** Highest query cost accepted (graphql-armor cost limit; list arguments count by size); default 20000. */
  MAX_QUERY_COST: z.coerce.number().int().positive().default(20000),
  /** Most lexical tokens in one GraphQL document; default 5000. */
  MAX_QUERY_TOKENS: z.coerce.number().int().positive().default(5000),
  /** Most items in any one list argument (e.g. `nodes(ids:)`); default 100. */
  MAX_LIST_ITEMS: z.coerce.number().int().positive().default(100),
  /** Length of a rate-limit window in seconds; default 60. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** GraphQL operations (HTTP requests and socket operations) per API key per window; default 1200, 0 = no limit. */
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(0).default(1200),
  /** GraphQL operations per client IP address per window; default 2400, 0 = no limit. */
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(2400),
  /** Requests to the public `/credentials/*` routes per client IP address per window; default 120, 0 = no limit. */
  RATE_LIMIT_CREDENTIALS_PER_IP: z.coerce.number().int().min(0).default(120),
  /** Express `trust proxy` setting, so per-IP limits see the client behind a load balancer (e.g. `loopback`, `10.0.0.0/8`, a hop count); default off. */
  TRUST_PROXY: z.string().min(1).optional(),
  /**
   * How long a query's answer is served again to the same caller (API key or session, with its
   * organisation, role and language) for the same document and variables, in ms (0–1000); default
   * 1000, 0 turns it off. Every mutation empties it at once (in every process); mutations,
   * subscriptions and time-sensitive fields are never cached; see the README.
   */
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(1000).default(1000),
  /** How often open sockets are checked for revoked keys, in ms; default 500. */
  REVOCATION_CHECK_MS: z.coerce.number().int().positive().default(500),
  /** Hosts webhook endpoints may use over plain http, comma-separated (dev/tests: `127.0.0.1`); default none: https only. */
  WEBHOOK_HTTP_HOSTS: z.string().default('').transform(list),
  /** Private/loopback CIDRs webhooks may be sent to anyway, comma-separated (tests: `127.0.0.0/8`); default none. */
  WEBHOOK_ALLOW_PRIVATE_CIDRS: z.string().default('').transform(list),
  /** Whether this process sends webhook deliveries; default true (every process may: rows are claimed with SKIP LOCKED). */
  WEBHOOK_DISPATCHER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** How often the webhook outbox is polled besides its NOTIFY and the retries' own wake-ups (a process that is gone, a missed notification), ms; default 1000. */
  WEBHOOK_POLL_MS: z.coerce.number().int().positive().default(1000),
  /** Deliveries claimed and sent concurrently per round; default 20. */
  WEBHOOK_BATCH_SIZE: z.coerce.number().int().positive().max(500).default(20),
  /** Timeout of one webhook attempt, ms; default 10 000. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How long a claimed delivery is kept from other dispatchers, ms (must exceed the timeout); default 60 000. */
  WEBHOOK_CLAIM_MS: z.coerce.number().int().positive().default(60_000),
  /** Attempts before a delivery is FAILED (replay sends it again); default 12. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().positive().default(12),
  /** Consecutive failed attempts that disable an endpoint; 0 never; default 20. */
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(0).default(20),
  /** First retry delay of a webhook, ms (then doubling, with jitter); default 1000. */
  WEBHOOK_BACKOFF_INITIAL_MS: z.coerce.number().int().positive().default(1000),
  /** Longest retry delay of a webhook, ms; default 3 600 000 (one hour). */
  WEBHOOK_BACKOFF_MAX_MS: z.coerce.number().int().positive().default(3_600_000),
  /** Sign-in attempts per account (e-mail) per `SIGN_IN_LOCK_SECONDS`; past it the account is locked until the window ends; default 5. */
  SIGN_IN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(0).default(5),
  /** Sign-in attempts per client IP address per `SIGN_IN_LOCK_SECONDS`; default 30. */
  SIGN_IN_ATTEMPTS_PER_IP: z.coerce.number().int().min(0).default(30),
  /** Window of the sign-in limits, in seconds (a locked account unlocks when it ends); default 900. */
  SIGN_IN_LOCK_SECONDS: z.coerce.number().int().positive().default(900),
  /** Whether the session cookie is marked Secure (send it over HTTPS only); default on in production. Off only behind plain HTTP on loopback. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** Serve the self-hosted GraphiQL at GET /graphql to browsers; default on outside production. */
  GRAPHIQL: booleanFromEnv.optional(),
  /**
   * Give every person of `fixtures/people.yaml` a local account at start-up (seeding), with
   * `DEMO_PASSWORD`; default on in development, off otherwise; refused in production.
   */
  DEMO_ACCOUNTS: booleanFromEnv.optional(),
  /**
   * OpenID Connect single sign-on per organisation, a JSON array:
   * `[{ "organization": "<BIN>", "issuer": "https://idp.example.kz", "clientId": "dualhub", "clientSecretEnv": "INEU_OIDC_SECRET" }]`.
   * The client secret is read from the variable `clientSecretEnv` names (never from the JSON);
   * the operator sets both. Default: none.
   */
  OIDC_PROVIDERS: z
    .string()
    .default('[]')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array' });
        return z.NEVER;
      }
    })
    .pipe(
      z.array(
        z
          .object({
            organization: z.string().regex(/^\d{12}$/, 'organization must be a BIN of 12 digits'),
            issuer: z.url({ message: 'issuer must be a URL' }),
            clientId: z.string().min(1),
            clientSecretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'clientSecretEnv must name an environment variable'),
          })
          .strict(),
      ),
    ),
  /** Hosts an OIDC issuer may use over plain http, comma-separated (tests: `127.0.0.1`); default none: https only. */
  OIDC_HTTP_HOSTS: z.string().default('').transform(list),
  /** SMTP server for invitation e-mails (nodemailer URL, e.g. `smtp://user:pass@mail.example.kz:587`, `smtps://…`); default none: no mail is sent. */
  SMTP_URL: z.url({ message: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** Sender of invitation e-mails; default `DualHub <no-reply@dualhub.local>`. */
  MAIL_FROM: z.string().min(3).default('DualHub <no-reply@dualhub.local>'),
  /** The API's public base URL (e.g. `https://dualhub.example.kz`), for the OIDC redirect URI; default the request's own origin. */
  PUBLIC_URL: z.url({ message: 'must be a URL' }).optional(),
  /** Password of the demo accounts (development only; at least 12 characters); default `dualhub demo passphrase`. */
  DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(256).default('dualhub demo passphrase'),
});

/** Whether start-up seeds the demo people's accounts: `DEMO_ACCOUNTS`, else only in development. */
export function demoAccountsOn(config: Pick<Config, 'DEMO_ACCOUNTS' | 'NODE_ENV'>): boolean {
  return config.NODE_ENV !== 'production' && (config.DEMO_ACCOUNTS ?? config.NODE_ENV === 'development');
}

/** Settings whose values are secrets: a configuration error names them but never shows their value. */
const SECRET_SETTINGS = /SECRET|PASSWORD|TOKEN/;

const S3_REQUIRED = ['S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/** With ATTACHMENT_STORAGE=s3 every `S3_*` the client needs is set; without it none is (a half-made switch fails at start, not at the first upload). */
function s3Problems(config: z.infer<typeof environmentSchema>): string[] {
  if (config.ATTACHMENT_STORAGE === 's3') return S3_REQUIRED.filter((key) => !config[key]).map((key) => `${key}: required with ATTACHMENT_STORAGE=s3`);
  const stray = (['S3_ENDPOINT', ...S3_REQUIRED] as const).filter((key) => config[key] !== undefined);
  return stray.map((key) => `${key}: set, but ATTACHMENT_STORAGE is ${config.ATTACHMENT_STORAGE} (set ATTACHMENT_STORAGE=s3 to use it)`);
}

/** The S3-compatible store's settings, present when ATTACHMENT_STORAGE=s3 (validated by {@link loadConfig}). */
export interface S3StorageConfig {
  /** Endpoint URL; undefined: AWS's for the region. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (`endpoint/bucket/key`). */
  forcePathStyle: boolean;
  /** Timeout of one request, ms. */
  requestTimeoutMs: number;
}

/** The S3 settings of a config loaded with ATTACHMENT_STORAGE=s3, else undefined. */
export function s3StorageOf(config: Config): S3StorageConfig | undefined {
  if (config.ATTACHMENT_STORAGE !== 's3') return undefined;
  return {
    endpoint: config.S3_ENDPOINT,
    bucket: config.S3_BUCKET!,
    region: config.S3_REGION!,
    accessKeyId: config.S3_ACCESS_KEY_ID!,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    requestTimeoutMs: config.S3_REQUEST_TIMEOUT_MS,
  };
}

/** Typed, validated settings of one DualHub process. */
export type Config = z.infer<typeof environmentSchema> & {
  /** OIDC client secrets by the variable name `OIDC_PROVIDERS` gives (read once at start; never logged). */
  oidcClientSecrets?: Readonly<Record<string, string>>;
};

/** A bad environment value, with one line per offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment. Empty strings count as unset, so `PORT=` falls back to the
 * default. Throws {@link ConfigError} naming every bad variable, e.g. `PORT: must be a port number (got "abc")`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(
    Object.keys(environmentSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(input);
  if (parsed.success && parsed.data.NODE_ENV === 'production' && parsed.data.DEMO_ACCOUNTS)
    throw new ConfigError(['DEMO_ACCOUNTS: demo accounts with a published password are never made in production (got "true")']);
  if (parsed.success) {
    const storage = s3Problems(parsed.data);
    if (storage.length) throw new ConfigError(storage);
    const missing = parsed.data.OIDC_PROVIDERS.filter((p) => !env[p.clientSecretEnv]).map(
      (p) => `OIDC_PROVIDERS: the client secret of ${p.organization} is read from ${p.clientSecretEnv}, which is not set`,
    );
    if (missing.length) throw new ConfigError(missing);
    const secrets = Object.fromEntries(parsed.data.OIDC_PROVIDERS.map((p) => [p.clientSecretEnv, env[p.clientSecretEnv]!]));
    return { ...parsed.data, oidcClientSecrets: secrets };
  }
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      // A secret's value is never echoed: the message may end up in a log or a CI transcript.
      const got = SECRET_SETTINGS.test(key) ? '[redacted]' : JSON.stringify(input[key]);
      return `${key}: ${issue.message} (got ${got})`;
    }),
  );
}
