import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { MIN_RETENTION_DAYS, parseRetrySchedule } from '@aiconnected/events';
import { readSigningKeys } from '@aiconnected/gateway';
import { ratePasswordStrength } from '@aiconnected/identity/password-strength';
import { parseSecretKeys } from '@aiconnected/secrets';

/**
 * The one place the platform reads its environment (PRD §36.2). `loadEnv` is pure so tests
 * can feed it any map; `env()` parses `process.env` once.
 *
 * PLATFORM_ENV picks the defaults: `local` gets the §39.2 local values; `staging` and
 * `production` get none, so a deployment that forgets a URL fails at start, not in a browser.
 */
const DEPLOYMENTS = ['local', 'staging', 'production'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

/** PRD §39.2, the `local` column, plus the local mailbox, for `port` (PORT, default 3000). */
export function localDefaults(port: string) {
  return {
    PLATFORM_PUBLIC_BASE_URL: `http://localhost:${port}`,
    PLATFORM_AUTH_CALLBACK_URL: `http://localhost:${port}/auth/callback`,
    PLATFORM_COOKIE_DOMAIN: 'localhost',
    PLATFORM_ALLOWED_ORIGINS: `http://localhost:${port}`,
    // `<slug>.localhost` reaches loopback in Chrome and Firefox without any DNS set-up.
    PLATFORM_CUSTOM_DOMAIN_ROOT: 'localhost',
    MAIL_TRANSPORT: 'mailbox',
    // The local mailbox shows live reset links: only this machine may reach the server.
    HOST: '127.0.0.1',
  } as const;
}

/** The local defaults on the default port. */
export const LOCAL_DEFAULTS = localDefaults('3000');

const url = z.url({ protocol: /^https?$/ });
const origin = url.refine((value) => new URL(value).origin === value.replace(/\/$/, ''), {
  message: 'must be an origin (scheme://host[:port]) without a path',
});
/** An address, a CIDR, or one of proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`). */
const trustedProxy = z.string().refine(
  (value) => {
    try {
      proxyAddr.compile(value);
      return true;
    } catch {
      return false;
    }
  },
  {
    message: 'must be IP addresses or CIDRs (or loopback, linklocal, uniquelocal), comma-separated',
  },
);
/**
 * An S3 endpoint: objects are `<endpoint>/<bucket>/<key>`, so a query, fragment or credentials
 * in it would break the addressing (or leak); https unless local (checked with PLATFORM_ENV).
 */
const s3Endpoint = url.refine(
  (value) => {
    // Not a URL at all is `url`'s own issue.
    if (!URL.canParse(value)) return true;
    const parsed = new URL(value);
    return !parsed.search && !parsed.hash && !parsed.username && !parsed.password;
  },
  { message: 'must be scheme://host[:port][/path] without a query, fragment or credentials' },
);
const hostname = z
  .string()
  .regex(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i, { message: 'must be a host name' });

const schema = z
  .object({
    PLATFORM_ENV: z.enum(DEPLOYMENTS).default('local'),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** The address the web server listens on: every interface unless local (loopback). */
    HOST: z.string().min(1).default('0.0.0.0'),
    /** Web server processes (node:cluster workers sharing the port); 1 serves in process. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** Absent: `npm start` runs embedded Postgres under `.data/` and sets it for the app. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
      .optional(),
    EMBEDDED_DATABASE_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    /** Absent: the checkout's `.data/postgres`. */
    EMBEDDED_DATABASE_DIR: z.string().min(1).optional(),
    PLATFORM_PUBLIC_BASE_URL: url,
    PLATFORM_AUTH_CALLBACK_URL: url,
    PLATFORM_COOKIE_DOMAIN: hostname,
    PLATFORM_ALLOWED_ORIGINS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(origin).min(1)),
    PLATFORM_CUSTOM_DOMAIN_ROOT: hostname,
    // Seeded through the same password policy as every other password: a weak one would stop the seed.
    DEMO_PASSWORD: z
      .string()
      .min(12)
      .refine((value) => ratePasswordStrength(value).strong, {
        message: 'is too easy to guess: use a few unrelated words (e.g. ChangeMe-demo-2026)',
      })
      .default('ChangeMe-demo-2026'),
    /** `local`: our own password store; `supabase`: Supabase Auth (GoTrue) with JWKS-verified JWTs. */
    AUTH_PROVIDER: z.enum(['local', 'supabase']).default('local'),
    SUPABASE_URL: url.optional(),
    NEXT_PUBLIC_SUPABASE_ANON_KEY: z.string().min(1).optional(),
    /** Proxies whose `X-Forwarded-For` is believed (client address); none: the socket peer is the client. */
    PLATFORM_TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(trustedProxy)),
    /** Failed sign-ins per account, then per client address, allowed within the window. */
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(10),
    SIGN_IN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
    SIGN_IN_FAILURE_WINDOW_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(168),
    /**
     * How long the auth guard reuses a session's answer in memory (docs/identity.md "Session
     * cache"); 0 turns the cache off. Under a minute, so the database still records activity
     * (last_seen_at, once a minute) while a session is in use.
     */
    SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).max(59_000).default(30_000),
    /**
     * How long an API request may take to send its body, from when the API receives its
     * headers (on the module gateway and a signed branding upload: how long without a byte of
     * it): a body still incomplete then is answered 408 `VALIDATION_BLOCKING`
     * (`details.reason: request_timeout`) and its connection closed, instead of holding it
     * until the web server's 300 s request bound (api/http/body-deadline.ts).
     */
    API_BODY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
    /** `mailbox`: messages kept in the database and shown at /dev/mailbox (local only); `smtp`: sent. */
    MAIL_TRANSPORT: z.enum(['mailbox', 'smtp']),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
      .optional(),
    MAIL_FROM: z.string().min(3).default('aiConnected <no-reply@localhost>'),
    /**
     * HMAC key of signed branding upload URLs (32+ characters). Required in staging and
     * production; locally generated once into `.data/branding-upload-signing-key`.
     */
    BRANDING_UPLOAD_SIGNING_KEY: z.string().min(32).optional(),
    /**
     * Where accepted branding files go: `disk` (BRANDING_STORAGE_DIR) or `s3`, an S3-compatible
     * store such as Supabase Storage (BRANDING_S3_*; docs/branding.md "Storage").
     */
    BRANDING_STORAGE: z.enum(['disk', 's3']).default('disk'),
    /** Absent: the checkout's `.data/branding-assets`. */
    BRANDING_STORAGE_DIR: z.string().min(1).optional(),
    /** The S3 endpoint, path-style: `https://<project>.supabase.co/storage/v1/s3` on Supabase. */
    BRANDING_S3_ENDPOINT: s3Endpoint.optional(),
    BRANDING_S3_BUCKET: z.string().min(1).optional(),
    /** The region requests are signed for (SigV4); Supabase: the project's region. */
    BRANDING_S3_REGION: z.string().min(1).default('us-east-1'),
    BRANDING_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    BRANDING_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /**
     * DNS servers the custom-domain checker asks for TXT records (`host:port`, `[v6]:port`,
     * comma-separated); absent: the system's resolvers (docs/domains.md).
     */
    DNS_RESOLVER_SERVERS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .refine((value) => /^(?:[0-9.]+|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/.test(value), {
              message: 'must be IP addresses with an optional port (1.1.1.1:53, [::1]:53)',
            }),
        ),
      ),
    /** Pause between rounds of the background domain checker (ms); 0 turns it off. */
    DOMAIN_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
    /**
     * Days a custom domain may stay unverified: then its claim on the host is released (deleted,
     * audited `domain.claim_expired`) by the background checker, or by another add of that host,
     * so nobody can hold a host they do not control (docs/domains.md "Claims expire").
     */
    DOMAIN_CLAIM_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    /**
     * Pause between sweeps deleting branding assets whose upload URL expired unused (an hour
     * ago or more; docs/branding.md "Unused upload URLs"); 0 turns the sweep off.
     */
    BRANDING_PURGE_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(86_400_000)
      .default(15 * 60_000),
    /**
     * The gateway's ES256 signing keys (docs/modules.md "Gateway"): `{"keys":[...]}`, private
     * P-256 JWKs with a `kid`, the first signs, the others only verify (rotation overlap).
     * Required in staging and production (`npm run keys:rotate -- gateway --print` makes one);
     * locally generated once into `.data/gateway-signing-keys.json`.
     */
    GATEWAY_SIGNING_KEYS: z
      .string()
      .superRefine((value, ctx) => {
        try {
          readSigningKeys(value);
        } catch (error) {
          // Its messages say what is wrong without echoing key material.
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .optional(),
    /**
     * The key-encryption keys of stored secrets (docs/events.md "Installation credentials",
     * `@aiconnected/secrets`): `{"current":1,"keys":{"1":"<base64 of 32 bytes>"}}`. Required in
     * staging and production (`npm run keys:rotate -- secrets --print` makes one); locally
     * generated once into `.data/secret-keys.json`.
     */
    SHELL_SECRET_KEYS: z
      .string()
      .superRefine((value, ctx) => {
        try {
          parseSecretKeys(value);
        } catch (error) {
          // Its messages say what is wrong without echoing key material.
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .optional(),
    /** Largest request body the gateway forwards (bytes, counted as it streams); 100 MiB. */
    GATEWAY_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 ** 3)
      .default(100 * 1024 ** 2),
    /** Consecutive failures (connection, timeout, 502/503/504) that open a target's breaker. */
    GATEWAY_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
    /** The first ejection of an opened breaker (ms); each repeated one lasts longer. */
    GATEWAY_BREAKER_EJECTION_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
    /** The longest ejection (ms). */
    GATEWAY_BREAKER_MAX_EJECTION_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(86_400_000)
      .default(300_000),
    /**
     * Event delivery in this process (docs/events.md "Processes"): `inline` runs the delivery
     * runtime beside the web server (`npm start`); `off` for web processes when `npm run
     * worker` delivers.
     */
    EVENTS_DELIVERY: z.enum(['inline', 'off']).default('inline'),
    /**
     * Seconds before each delivery attempt after the previous one, comma-separated; absent:
     * Standard Webhooks' 0,5,300,1800,7200,18000,36000,36000 (docs/events.md "Retries").
     */
    EVENTS_RETRY_SCHEDULE: z
      .string()
      .transform((value, ctx) => {
        try {
          return parseRetrySchedule(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
    /** Lanes (installation, stream) one delivering process drains at once. */
    EVENTS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    /**
     * Drains one module installation may hold at once in a delivering process; absent:
     * max(1, floor(EVENTS_WORKER_CONCURRENCY / 4)) (docs/events.md "Fairness").
     */
    EVENTS_MAX_DRAINS_PER_INSTALLATION: z.coerce.number().int().min(1).max(64).optional(),
    /**
     * Milliseconds a drain waits before reading its lane again after a small batch or a
     * notification, so a trickling lane is delivered in batches; 0: no wait (docs/events.md "Drain").
     */
    EVENTS_DELIVERY_GATHER_MS: z.coerce.number().int().min(0).max(1000).default(20),
    /** Days events stay online before the daily retention job deletes them (PRD §12.5: >= 180). */
    EVENTS_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(MIN_RETENTION_DAYS, { message: `must be at least ${MIN_RETENTION_DAYS} (PRD §12.5)` })
      .max(36_500)
      .default(MIN_RETENTION_DAYS),
    /** Events a module installation may emit per minute (`POST /events`, docs/events.md "API"). */
    EVENTS_EMIT_MODULE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(6000),
    /** Events a person may emit per minute. */
    EVENTS_EMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(600),
    /**
     * Composio's API (docs/integrations.md), e.g. https://backend.composio.dev; with
     * COMPOSIO_API_KEY, or neither (integrations then answer INTEGRATION_PROVIDER_UNAVAILABLE
     * `not_configured`; locally the built-in stand-in at /dev/composio is used).
     */
    COMPOSIO_BASE_URL: url.optional(),
    /** Composio's project API key (server only: never sent to a browser). */
    COMPOSIO_API_KEY: z.string().min(8).optional(),
    /** How often connections are checked with the backend (ms; whole minutes, >= 1 min). */
    INTEGRATIONS_REFRESH_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(60_000)
      .max(3_600_000)
      .default(300_000),
    /** clamd (tcp://host:port) scanning branding uploads; absent: a built-in EICAR check only. */
    CLAMD_URL: z
      .string()
      .regex(/^tcp:\/\/[^/:]+:\d{1,5}$/, { message: 'must be tcp://host:port' })
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (
      value.AUTH_PROVIDER === 'supabase' &&
      (!value.SUPABASE_URL || !value.NEXT_PUBLIC_SUPABASE_ANON_KEY)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['SUPABASE_URL'],
        message: 'AUTH_PROVIDER=supabase needs SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY',
      });
    }
    if (value.MAIL_TRANSPORT === 'smtp' && !value.SMTP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message: 'MAIL_TRANSPORT=smtp needs SMTP_URL',
      });
    }
    if (value.PLATFORM_ENV !== 'local' && !value.BRANDING_UPLOAD_SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['BRANDING_UPLOAD_SIGNING_KEY'],
        message: `is required when PLATFORM_ENV=${value.PLATFORM_ENV} (32+ random characters, e.g. openssl rand -base64 48)`,
      });
    }
    if (value.PLATFORM_ENV !== 'local' && !value.GATEWAY_SIGNING_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['GATEWAY_SIGNING_KEYS'],
        message: `is required when PLATFORM_ENV=${value.PLATFORM_ENV} (the module gateway signs with it; make one with npm run keys:rotate -- gateway --print)`,
      });
    }
    if ((value.COMPOSIO_BASE_URL === undefined) !== (value.COMPOSIO_API_KEY === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.COMPOSIO_BASE_URL === undefined ? 'COMPOSIO_BASE_URL' : 'COMPOSIO_API_KEY'],
        message: 'COMPOSIO_BASE_URL and COMPOSIO_API_KEY go together: set both or neither',
      });
    }
    if (value.PLATFORM_ENV !== 'local' && !value.SHELL_SECRET_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['SHELL_SECRET_KEYS'],
        message: `is required when PLATFORM_ENV=${value.PLATFORM_ENV} (stored secrets are encrypted with it; make one with npm run keys:rotate -- secrets --print)`,
      });
    }
    if (value.GATEWAY_BREAKER_MAX_EJECTION_MS < value.GATEWAY_BREAKER_EJECTION_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['GATEWAY_BREAKER_MAX_EJECTION_MS'],
        message: 'must be at least GATEWAY_BREAKER_EJECTION_MS',
      });
    }
    if (value.BRANDING_STORAGE === 's3') {
      for (const name of [
        'BRANDING_S3_ENDPOINT',
        'BRANDING_S3_BUCKET',
        'BRANDING_S3_ACCESS_KEY_ID',
        'BRANDING_S3_SECRET_ACCESS_KEY',
      ] as const) {
        if (!value[name]) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'is required when BRANDING_STORAGE=s3',
          });
        }
      }
    }
    if (
      value.PLATFORM_ENV !== 'local' &&
      value.BRANDING_S3_ENDPOINT &&
      URL.canParse(value.BRANDING_S3_ENDPOINT) &&
      new URL(value.BRANDING_S3_ENDPOINT).protocol !== 'https:'
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['BRANDING_S3_ENDPOINT'],
        message: `must be https when PLATFORM_ENV=${value.PLATFORM_ENV} (uploads would travel in clear)`,
      });
    }
    // `<slug>.<root>` is a workspace's host: the product's own hosts must not have that shape.
    const root = value.PLATFORM_CUSTOM_DOMAIN_ROOT.toLowerCase().replace(/^\./, '');
    const ownHosts = [value.PLATFORM_PUBLIC_BASE_URL, ...value.PLATFORM_ALLOWED_ORIGINS].map(
      (item) => new URL(item).hostname.toLowerCase(),
    );
    const clash = ownHosts.find(
      (host) => host.endsWith(`.${root}`) && !host.slice(0, -root.length - 1).includes('.'),
    );
    if (clash) {
      ctx.addIssue({
        code: 'custom',
        path: ['PLATFORM_CUSTOM_DOMAIN_ROOT'],
        message: `${clash} would be a workspace's platform host under ${root}: use a root of its own (e.g. tenants.${root})`,
      });
    }
    if (value.MAIL_TRANSPORT === 'mailbox' && value.PLATFORM_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_TRANSPORT'],
        message: 'the mailbox transport is for local use; set MAIL_TRANSPORT=smtp in production',
      });
    }
  });

export type Env = z.infer<typeof schema>;

/** An invalid environment: one line per problem, naming the variable. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses and validates an environment map, applying the local defaults when PLATFORM_ENV=local. */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const deployment = present.PLATFORM_ENV ?? 'local';
  // Locally the URLs follow PORT (a valid one; an invalid PORT is reported as such).
  const port = /^\d{1,5}$/.test(present.PORT ?? '') ? String(Number(present.PORT)) : '3000';
  const input = deployment === 'local' ? { ...localDefaults(port), ...present } : present;
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const missing = issue.code !== 'custom' && input[name as keyof typeof input] === undefined;
        return missing
          ? `${name} is required when PLATFORM_ENV=${deployment}`
          : `${name}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The process environment, parsed once. */
export function env(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}

/** This process's environment, for a child process to inherit (the start script's `next build`). */
export function inheritedEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env };
}

/**
 * Sets what Next and forked web workers read from the environment, as `next start` does:
 * telemetry off (the product makes no external requests) and PORT, the port served.
 */
export function setServingEnvironment(port: number): void {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  process.env.PORT = String(port);
}
