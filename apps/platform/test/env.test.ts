import { describe, expect, it } from 'vitest';
import { EnvError, LOCAL_DEFAULTS, loadEnv } from '@/env';
import { apiConfigFromEnv } from '@/server/api/guard';
import { deliverySettingsFromEnv } from '@/server/event-delivery';
import { newGatewayKeys } from '@/server/gateway-keys';
import { newSecretKeysFile } from '@/server/secret-keys';

/** The problems an invalid environment reports, or a failure when it is accepted. */
function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error('expected loadEnv to reject the environment');
}

/** A gateway key set as `keys:rotate -- gateway --print` makes one. */
const GATEWAY_KEYS = newGatewayKeys();
/** A secret key set as `keys:rotate -- secrets --print` makes one. */
const SECRET_KEYS = newSecretKeysFile().trim();

const PRODUCTION = {
  PLATFORM_ENV: 'production',
  PLATFORM_PUBLIC_BASE_URL: 'https://app.sec-admn.com',
  PLATFORM_AUTH_CALLBACK_URL: 'https://app.sec-admn.com/auth/callback',
  PLATFORM_COOKIE_DOMAIN: '.sec-admn.com',
  PLATFORM_ALLOWED_ORIGINS: 'https://app.sec-admn.com,https://admin.sec-admn.com',
  PLATFORM_CUSTOM_DOMAIN_ROOT: 'tenants.sec-admn.com',
  MAIL_TRANSPORT: 'smtp',
  SMTP_URL: 'smtps://mailer:secret@smtp.sec-admn.com:465',
  BRANDING_UPLOAD_SIGNING_KEY: 'k'.repeat(48),
  GATEWAY_SIGNING_KEYS: GATEWAY_KEYS,
  SHELL_SECRET_KEYS: SECRET_KEYS,
};

describe('loadEnv', () => {
  it('applies the local defaults when nothing is set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PLATFORM_ENV: 'local',
      LOG_LEVEL: 'info',
      PORT: 3000,
      PLATFORM_PUBLIC_BASE_URL: LOCAL_DEFAULTS.PLATFORM_PUBLIC_BASE_URL,
      PLATFORM_ALLOWED_ORIGINS: ['http://localhost:3000'],
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reads the custom-domain settings: platform root, DNS servers, checker interval', () => {
    expect(loadEnv({})).toMatchObject({
      PLATFORM_CUSTOM_DOMAIN_ROOT: 'localhost',
      DNS_RESOLVER_SERVERS: [],
      DOMAIN_CHECK_INTERVAL_MS: 60_000,
    });
    const env = loadEnv({
      DNS_RESOLVER_SERVERS: ' 1.1.1.1:53, [2606:4700::1111]:53,9.9.9.9 ',
      DOMAIN_CHECK_INTERVAL_MS: '0',
    });
    expect([env.DNS_RESOLVER_SERVERS, env.DOMAIN_CHECK_INTERVAL_MS]).toStrictEqual([
      ['1.1.1.1:53', '[2606:4700::1111]:53', '9.9.9.9'],
      0,
    ]);
    expect(() => loadEnv({ DNS_RESOLVER_SERVERS: 'dns.example:53' })).toThrow(
      'must be IP addresses with an optional port',
    );
  });

  it('reads the claim TTL of unverified domains and the upload purge interval', () => {
    expect(loadEnv({})).toMatchObject({
      DOMAIN_CLAIM_TTL_DAYS: 7,
      BRANDING_PURGE_INTERVAL_MS: 900_000,
    });
    const env = loadEnv({ DOMAIN_CLAIM_TTL_DAYS: '30', BRANDING_PURGE_INTERVAL_MS: '0' });
    expect([env.DOMAIN_CLAIM_TTL_DAYS, env.BRANDING_PURGE_INTERVAL_MS]).toStrictEqual([30, 0]);
    // A claim must lapse some day, and not before anyone could publish a record.
    expect(() => loadEnv({ DOMAIN_CLAIM_TTL_DAYS: '0' })).toThrow('DOMAIN_CLAIM_TTL_DAYS');
    expect(() => loadEnv({ DOMAIN_CLAIM_TTL_DAYS: '1.5' })).toThrow('DOMAIN_CLAIM_TTL_DAYS');
  });

  it('lets explicit values override the local defaults, treating empty strings as unset', () => {
    const env = loadEnv({ PORT: '4000', LOG_LEVEL: 'debug', PLATFORM_COOKIE_DOMAIN: '' });
    expect(env.PORT).toBe(4000);
    expect(env.LOG_LEVEL).toBe('debug');
    expect(env.PLATFORM_COOKIE_DOMAIN).toBe(LOCAL_DEFAULTS.PLATFORM_COOKIE_DOMAIN);
  });

  it('accepts a complete production environment with a list of origins', () => {
    const env = loadEnv(PRODUCTION);
    expect(env.PLATFORM_ENV).toBe('production');
    expect(env.PLATFORM_ALLOWED_ORIGINS).toEqual([
      'https://app.sec-admn.com',
      'https://admin.sec-admn.com',
    ]);
  });

  it('names PLATFORM_PUBLIC_BASE_URL when production lacks it', () => {
    const { PLATFORM_PUBLIC_BASE_URL: _omitted, ...rest } = PRODUCTION;
    expect(problemsOf(rest)).toEqual([
      'PLATFORM_PUBLIC_BASE_URL is required when PLATFORM_ENV=production',
    ]);
  });

  it('refuses a custom-domain root under which an own host would be a workspace host', () => {
    expect(problemsOf({ ...PRODUCTION, PLATFORM_CUSTOM_DOMAIN_ROOT: 'sec-admn.com' })).toEqual([
      "PLATFORM_CUSTOM_DOMAIN_ROOT: app.sec-admn.com would be a workspace's platform host under sec-admn.com: use a root of its own (e.g. tenants.sec-admn.com)",
    ]);
    // An allowed origin counts too; a host deeper under the root is never a platform host.
    expect(
      problemsOf({
        ...PRODUCTION,
        PLATFORM_PUBLIC_BASE_URL: 'https://sec-admn.com',
        PLATFORM_CUSTOM_DOMAIN_ROOT: 'sec-admn.com',
        PLATFORM_ALLOWED_ORIGINS: 'https://a.b.sec-admn.com,https://admin.sec-admn.com',
      }),
    ).toEqual([
      "PLATFORM_CUSTOM_DOMAIN_ROOT: admin.sec-admn.com would be a workspace's platform host under sec-admn.com: use a root of its own (e.g. tenants.sec-admn.com)",
    ]);
  });

  it('rejects an allowed origin that carries a path', () => {
    const problems = problemsOf({
      ...PRODUCTION,
      PLATFORM_ALLOWED_ORIGINS: 'https://app.sec-admn.com/admin',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PLATFORM_ALLOWED_ORIGINS\.0: must be an origin/);
  });

  it('refuses the local mailbox in production and SMTP without a URL', () => {
    expect(problemsOf({ ...PRODUCTION, MAIL_TRANSPORT: 'mailbox' })).toEqual([
      'MAIL_TRANSPORT: the mailbox transport is for local use; set MAIL_TRANSPORT=smtp in production',
    ]);
    expect(problemsOf({ MAIL_TRANSPORT: 'smtp' })).toEqual([
      'SMTP_URL: MAIL_TRANSPORT=smtp needs SMTP_URL',
    ]);
  });

  it('secret keys: required outside local, checked without echoing key material', () => {
    const { SHELL_SECRET_KEYS: _keys, ...unsealed } = PRODUCTION;
    const required = (deployment: string) =>
      `SHELL_SECRET_KEYS: is required when PLATFORM_ENV=${deployment} (stored secrets are encrypted with it; make one with npm run keys:rotate -- secrets --print)`;
    expect(problemsOf(unsealed)).toEqual([required('production')]);
    expect(problemsOf({ ...unsealed, PLATFORM_ENV: 'staging' })).toEqual([required('staging')]);
    expect(loadEnv({}).SHELL_SECRET_KEYS).toBeUndefined();
    expect(loadEnv(PRODUCTION).SHELL_SECRET_KEYS).toBe(SECRET_KEYS);
    const short = JSON.stringify({ current: 1, keys: { 1: 'c2hvcnQta2V5' } });
    expect(problemsOf({ ...PRODUCTION, SHELL_SECRET_KEYS: short })).toEqual([
      'SHELL_SECRET_KEYS: secret keys: key 1 is not the base64 of 32 bytes',
    ]);
    expect(problemsOf({ ...PRODUCTION, SHELL_SECRET_KEYS: '{"current":2,"keys":{}}' })).toEqual([
      'SHELL_SECRET_KEYS: secret keys: at least one key is needed',
    ]);
  });

  it('Composio: both variables or neither; the refresh interval in whole minutes', () => {
    const composio = {
      COMPOSIO_BASE_URL: 'https://backend.composio.dev',
      COMPOSIO_API_KEY: 'ak_0123456789',
    };
    expect(loadEnv({ ...PRODUCTION, ...composio })).toMatchObject(composio);
    expect(loadEnv(PRODUCTION).COMPOSIO_BASE_URL).toBeUndefined();
    const pair = 'COMPOSIO_BASE_URL and COMPOSIO_API_KEY go together: set both or neither';
    expect(problemsOf({ ...PRODUCTION, COMPOSIO_BASE_URL: composio.COMPOSIO_BASE_URL })).toEqual([
      `COMPOSIO_API_KEY: ${pair}`,
    ]);
    expect(problemsOf({ ...PRODUCTION, COMPOSIO_API_KEY: composio.COMPOSIO_API_KEY })).toEqual([
      `COMPOSIO_BASE_URL: ${pair}`,
    ]);
    expect(loadEnv({}).INTEGRATIONS_REFRESH_INTERVAL_MS).toBe(300_000);
    expect(problemsOf({ INTEGRATIONS_REFRESH_INTERVAL_MS: '1000' })).toHaveLength(1);
  });

  it('event delivery: inline by default, the retry schedule, concurrency and a retention of 180+ days', () => {
    const local = loadEnv({});
    expect({
      delivery: local.EVENTS_DELIVERY,
      schedule: local.EVENTS_RETRY_SCHEDULE,
      concurrency: local.EVENTS_WORKER_CONCURRENCY,
      retention: local.EVENTS_RETENTION_DAYS,
    }).toEqual({ delivery: 'inline', schedule: undefined, concurrency: 8, retention: 180 });
    const set = loadEnv({
      EVENTS_DELIVERY: 'off',
      EVENTS_RETRY_SCHEDULE: '0, 0.2,0.5',
      EVENTS_WORKER_CONCURRENCY: '2',
      EVENTS_RETENTION_DAYS: '365',
    });
    expect([set.EVENTS_DELIVERY, set.EVENTS_RETRY_SCHEDULE, set.EVENTS_WORKER_CONCURRENCY]).toEqual(
      ['off', [0, 0.2, 0.5], 2],
    );
    expect(set.EVENTS_RETENTION_DAYS).toBe(365);
    // The per-installation drain cap: a quarter of the workers unless set (docs/events.md "Fairness").
    expect(deliverySettingsFromEnv(local, 'web').maxDrainsPerInstallation).toBe(2);
    expect(deliverySettingsFromEnv(set, 'worker').maxDrainsPerInstallation).toBe(1);
    const capped = loadEnv({
      EVENTS_WORKER_CONCURRENCY: '16',
      EVENTS_MAX_DRAINS_PER_INSTALLATION: '3',
    });
    expect(deliverySettingsFromEnv(capped, 'web').maxDrainsPerInstallation).toBe(3);
    expect(problemsOf({ EVENTS_MAX_DRAINS_PER_INSTALLATION: '0' })).toEqual([
      'EVENTS_MAX_DRAINS_PER_INSTALLATION: Too small: expected number to be >=1',
    ]);
    // The drain's gather (docs/events.md "Drain"): 20 ms unless set, 0 turns it off.
    expect(deliverySettingsFromEnv(local, 'web').gatherMs).toBe(20);
    expect(
      deliverySettingsFromEnv(loadEnv({ EVENTS_DELIVERY_GATHER_MS: '0' }), 'web').gatherMs,
    ).toBe(0);
    expect(problemsOf({ EVENTS_DELIVERY_GATHER_MS: '1001' })).toEqual([
      'EVENTS_DELIVERY_GATHER_MS: Too big: expected number to be <=1000',
    ]);
    expect(
      problemsOf({
        EVENTS_DELIVERY: 'worker',
        EVENTS_RETRY_SCHEDULE: '0,soon',
        EVENTS_WORKER_CONCURRENCY: '0',
        EVENTS_RETENTION_DAYS: '90',
      }),
    ).toEqual([
      'EVENTS_DELIVERY: Invalid option: expected one of "inline"|"off"',
      'EVENTS_RETRY_SCHEDULE: "soon" is not a delay in seconds from 0 to 86400',
      'EVENTS_WORKER_CONCURRENCY: Too small: expected number to be >=1',
      'EVENTS_RETENTION_DAYS: must be at least 180 (PRD §12.5)',
    ]);
  });

  it('gateway: signing keys outside local, the body cap and the breaker settings', () => {
    const { GATEWAY_SIGNING_KEYS: _keys, ...unsigned } = PRODUCTION;
    expect(problemsOf(unsigned)).toEqual([
      'GATEWAY_SIGNING_KEYS: is required when PLATFORM_ENV=production (the module gateway signs with it; make one with npm run keys:rotate -- gateway --print)',
    ]);
    expect(problemsOf({ ...unsigned, PLATFORM_ENV: 'staging' })).toEqual([
      'GATEWAY_SIGNING_KEYS: is required when PLATFORM_ENV=staging (the module gateway signs with it; make one with npm run keys:rotate -- gateway --print)',
    ]);
    expect(loadEnv({})).toMatchObject({
      GATEWAY_MAX_BODY_BYTES: 100 * 1024 * 1024,
      GATEWAY_BREAKER_FAILURES: 5,
      GATEWAY_BREAKER_EJECTION_MS: 5000,
      GATEWAY_BREAKER_MAX_EJECTION_MS: 300_000,
    });
    expect(loadEnv({}).GATEWAY_SIGNING_KEYS).toBeUndefined();
    expect(loadEnv(PRODUCTION).GATEWAY_SIGNING_KEYS).toBe(GATEWAY_KEYS);
    // What is wrong, never the key material.
    expect(problemsOf({ ...PRODUCTION, GATEWAY_SIGNING_KEYS: '{"keys":[]}' })).toEqual([
      'GATEWAY_SIGNING_KEYS: signing keys: expected {"keys":[...]} with at least one key',
    ]);
    const { d: _private, ...publicOnly } = (JSON.parse(GATEWAY_KEYS) as { keys: object[] })
      .keys[0] as { d: string };
    expect(
      problemsOf({ ...PRODUCTION, GATEWAY_SIGNING_KEYS: JSON.stringify({ keys: [publicOnly] }) }),
    ).toEqual([
      'GATEWAY_SIGNING_KEYS: signing keys: key 0 is not a private EC P-256 JWK (kty, crv, x, y, d)',
    ]);
    const tuned = loadEnv({
      GATEWAY_MAX_BODY_BYTES: '1048576',
      GATEWAY_BREAKER_FAILURES: '3',
      GATEWAY_BREAKER_EJECTION_MS: '1000',
      GATEWAY_BREAKER_MAX_EJECTION_MS: '1000',
    });
    expect(tuned).toMatchObject({
      GATEWAY_MAX_BODY_BYTES: 1_048_576,
      GATEWAY_BREAKER_FAILURES: 3,
      GATEWAY_BREAKER_EJECTION_MS: 1000,
      GATEWAY_BREAKER_MAX_EJECTION_MS: 1000,
    });
    expect(
      problemsOf({ GATEWAY_BREAKER_EJECTION_MS: '10000', GATEWAY_BREAKER_MAX_EJECTION_MS: '5000' }),
    ).toEqual(['GATEWAY_BREAKER_MAX_EJECTION_MS: must be at least GATEWAY_BREAKER_EJECTION_MS']);
    expect(problemsOf({ GATEWAY_BREAKER_FAILURES: '0' })[0]).toMatch(/^GATEWAY_BREAKER_FAILURES: /);
    expect(problemsOf({ GATEWAY_MAX_BODY_BYTES: '1.5' })[0]).toMatch(/^GATEWAY_MAX_BODY_BYTES: /);
  });

  it('branding uploads: a signing key outside local, disk or S3 storage, clamd as tcp://host:port', () => {
    const { BRANDING_UPLOAD_SIGNING_KEY: _key, ...unsigned } = PRODUCTION;
    expect(problemsOf(unsigned)).toEqual([
      'BRANDING_UPLOAD_SIGNING_KEY: is required when PLATFORM_ENV=production (32+ random characters, e.g. openssl rand -base64 48)',
    ]);
    expect(loadEnv({})).toMatchObject({ BRANDING_STORAGE: 'disk' });
    expect(loadEnv({}).BRANDING_UPLOAD_SIGNING_KEY).toBeUndefined();
    expect(problemsOf({ BRANDING_STORAGE: 's3', BRANDING_S3_BUCKET: 'branding' })).toEqual([
      'BRANDING_S3_ENDPOINT: is required when BRANDING_STORAGE=s3',
      'BRANDING_S3_ACCESS_KEY_ID: is required when BRANDING_STORAGE=s3',
      'BRANDING_S3_SECRET_ACCESS_KEY: is required when BRANDING_STORAGE=s3',
    ]);
    const storage = {
      BRANDING_STORAGE: 's3',
      BRANDING_S3_ENDPOINT: 'https://project.supabase.co/storage/v1/s3',
      BRANDING_S3_BUCKET: 'branding',
      BRANDING_S3_ACCESS_KEY_ID: 'key-id',
      BRANDING_S3_SECRET_ACCESS_KEY: 'secret',
    };
    const s3 = { ...PRODUCTION, ...storage };
    expect(loadEnv(s3)).toMatchObject({ ...storage, BRANDING_S3_REGION: 'us-east-1' });
    expect(loadEnv({ ...s3, BRANDING_S3_REGION: 'eu-central-1' }).BRANDING_S3_REGION).toBe(
      'eu-central-1',
    );
    expect(problemsOf({ ...s3, BRANDING_S3_ENDPOINT: 'project.supabase.co' })).toEqual([
      'BRANDING_S3_ENDPOINT: Invalid URL',
    ]);
    // Keys are appended to the endpoint: a query, fragment or credentials would break (or leak).
    for (const endpoint of [
      'https://project.supabase.co/storage/v1/s3?x=1',
      'https://project.supabase.co/storage/v1/s3#s3',
      'https://key:secret@project.supabase.co/storage/v1/s3',
      'https://key@project.supabase.co/storage/v1/s3',
    ]) {
      expect(problemsOf({ ...s3, BRANDING_S3_ENDPOINT: endpoint })).toEqual([
        'BRANDING_S3_ENDPOINT: must be scheme://host[:port][/path] without a query, fragment or credentials',
      ]);
    }
    // Plain http only locally (a stand-in or a local MinIO), never in staging or production.
    expect(problemsOf({ ...s3, BRANDING_S3_ENDPOINT: 'http://project.supabase.co/s3' })).toEqual([
      'BRANDING_S3_ENDPOINT: must be https when PLATFORM_ENV=production (uploads would travel in clear)',
    ]);
    expect(
      problemsOf({ ...s3, PLATFORM_ENV: 'staging', BRANDING_S3_ENDPOINT: 'http://minio:9000' }),
    ).toEqual([
      'BRANDING_S3_ENDPOINT: must be https when PLATFORM_ENV=staging (uploads would travel in clear)',
    ]);
    expect(
      loadEnv({ ...storage, BRANDING_S3_ENDPOINT: 'http://127.0.0.1:9000/s3' })
        .BRANDING_S3_ENDPOINT,
    ).toBe('http://127.0.0.1:9000/s3');
    expect(problemsOf({ CLAMD_URL: 'http://clamd:3310' })).toEqual([
      'CLAMD_URL: must be tcp://host:port',
    ]);
    expect(loadEnv({ CLAMD_URL: 'tcp://clamd.internal:3310' }).CLAMD_URL).toBe(
      'tcp://clamd.internal:3310',
    );
  });

  it('needs the Supabase URL and anon key when AUTH_PROVIDER=supabase', () => {
    expect(problemsOf({ AUTH_PROVIDER: 'supabase' })).toEqual([
      'SUPABASE_URL: AUTH_PROVIDER=supabase needs SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY',
    ]);
  });

  it('refuses a DEMO_PASSWORD the password policy would refuse, before anything is seeded', () => {
    expect(problemsOf({ DEMO_PASSWORD: 'aaaaaaaaaaaa' })).toStrictEqual([
      'DEMO_PASSWORD: is too easy to guess: use a few unrelated words (e.g. ChangeMe-demo-2026)',
    ]);
    expect(loadEnv({ DEMO_PASSWORD: 'Orchard-lantern-4412' }).DEMO_PASSWORD).toBe(
      'Orchard-lantern-4412',
    );
  });

  it('rejects a DATABASE_URL that is not a postgres URL', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://root@localhost/db' })).toEqual([
      'DATABASE_URL: must be a postgres:// URL',
    ]);
  });

  it('trusts no proxy by default and parses a list of addresses and CIDRs', () => {
    expect(loadEnv({}).PLATFORM_TRUSTED_PROXIES).toStrictEqual([]);
    expect(
      loadEnv({ PLATFORM_TRUSTED_PROXIES: ' 10.0.0.0/8, 192.0.2.1 ,fd00::/8,loopback' })
        .PLATFORM_TRUSTED_PROXIES,
    ).toStrictEqual(['10.0.0.0/8', '192.0.2.1', 'fd00::/8', 'loopback']);
  });

  it('rejects a trusted proxy that is not an address or CIDR', () => {
    expect(problemsOf({ PLATFORM_TRUSTED_PROXIES: '10.0.0.0/8,proxy.example.com' })).toEqual([
      'PLATFORM_TRUSTED_PROXIES.1: must be IP addresses or CIDRs (or loopback, linklocal, uniquelocal), comma-separated',
    ]);
    expect(problemsOf({ PLATFORM_TRUSTED_PROXIES: '10.0.0.0/33' })).toHaveLength(1);
  });

  it('defaults the sign-in limits to 10 failures per account and 100 per address in 15 minutes', () => {
    expect(loadEnv({})).toMatchObject({
      SIGN_IN_MAX_FAILURES_PER_ACCOUNT: 10,
      SIGN_IN_MAX_FAILURES_PER_IP: 100,
      SIGN_IN_FAILURE_WINDOW_MINUTES: 15,
    });
    expect(
      loadEnv({ SIGN_IN_MAX_FAILURES_PER_IP: '500', SIGN_IN_FAILURE_WINDOW_MINUTES: '5' }),
    ).toMatchObject({ SIGN_IN_MAX_FAILURES_PER_IP: 500, SIGN_IN_FAILURE_WINDOW_MINUTES: 5 });
    expect(problemsOf({ SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '0' })).toHaveLength(1);
  });

  it('caches sessions for 30 s by default, 0 turns it off, a minute or more is refused', () => {
    expect(loadEnv({}).SESSION_CACHE_TTL_MS).toBe(30_000);
    expect(loadEnv({ SESSION_CACHE_TTL_MS: '0' }).SESSION_CACHE_TTL_MS).toBe(0);
    expect(problemsOf({ SESSION_CACHE_TTL_MS: '60000' })).toHaveLength(1);
    expect(problemsOf({ SESSION_CACHE_TTL_MS: '-1' })).toHaveLength(1);
  });

  it('gives API bodies 30 s by default, 1 s to 300 s when set', () => {
    expect(loadEnv({}).API_BODY_TIMEOUT_MS).toBe(30_000);
    expect(apiConfigFromEnv(loadEnv({ API_BODY_TIMEOUT_MS: '5000' })).bodyTimeoutMs).toBe(5000);
    expect(problemsOf({ API_BODY_TIMEOUT_MS: '999' })).toHaveLength(1);
    expect(problemsOf({ API_BODY_TIMEOUT_MS: '300001' })).toHaveLength(1);
  });
});

describe('loadEnv: where the server listens', () => {
  it('locally listens on loopback, with the URLs and allowed origins on PORT', () => {
    expect(loadEnv({ PORT: '3100' })).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 3100,
      PLATFORM_PUBLIC_BASE_URL: 'http://localhost:3100',
      PLATFORM_AUTH_CALLBACK_URL: 'http://localhost:3100/auth/callback',
      PLATFORM_ALLOWED_ORIGINS: ['http://localhost:3100'],
      WEB_CONCURRENCY: 1,
    });
  });

  it('keeps URLs and HOST that are set explicitly, whatever PORT says', () => {
    expect(
      loadEnv({
        PORT: '3100',
        HOST: '0.0.0.0',
        PLATFORM_PUBLIC_BASE_URL: 'http://shell.test:8080',
        PLATFORM_ALLOWED_ORIGINS: 'http://shell.test:8080',
      }),
    ).toMatchObject({
      HOST: '0.0.0.0',
      PLATFORM_PUBLIC_BASE_URL: 'http://shell.test:8080',
      PLATFORM_AUTH_CALLBACK_URL: 'http://localhost:3100/auth/callback',
      PLATFORM_ALLOWED_ORIGINS: ['http://shell.test:8080'],
    });
  });

  it('listens on every interface outside local, and reports a bad PORT once', () => {
    expect(loadEnv(PRODUCTION).HOST).toBe('0.0.0.0');
    expect(problemsOf({ PORT: 'eighty' })).toStrictEqual([
      'PORT: Invalid input: expected number, received NaN',
    ]);
    expect(problemsOf({ WEB_CONCURRENCY: '0' })).toHaveLength(1);
  });
});
