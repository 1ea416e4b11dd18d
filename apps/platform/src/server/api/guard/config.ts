// Relative, not `@/env`: the OpenAPI document writer runs this under tsx from the repo root.
import { loadEnv, type Env } from '../../../env';
import { compileTrustedProxies, type TrustProxy } from './client-address';

/** The deployment settings the API's auth layer reads; built once from `env()` (or by a test). */
export interface ApiConfig {
  /** `PLATFORM_PUBLIC_BASE_URL`: links in mail, and `Secure` cookies when it is https. */
  baseUrl: string;
  /** `PLATFORM_ALLOWED_ORIGINS`: origins whose cookie-authenticated writes are accepted. */
  allowedOrigins: readonly string[];
  /** `PLATFORM_COOKIE_DOMAIN`: the session cookie's `Domain` (host-only for `localhost`). */
  cookieDomain: string;
  /** `SESSION_TTL_HOURS`: lifetime of a new session and of its cookie. */
  sessionTtlHours: number;
  /** `PLATFORM_ENV=local`: enables the development mailbox routes and page. */
  isLocal: boolean;
  /** `API_BODY_TIMEOUT_MS`: how long a request may take to send its body (`limitBodyTime`). */
  bodyTimeoutMs: number;
  /** `PLATFORM_TRUSTED_PROXIES`, compiled: the peers whose `X-Forwarded-For` is believed. */
  trustProxy: TrustProxy;
  /** Custom domains: `PLATFORM_CUSTOM_DOMAIN_ROOT` and the DNS the checker asks (docs/domains.md). */
  domains: DomainsConfig;
}

/** The settings of custom domains (`/domains`, host routing, the background checker). */
export interface DomainsConfig {
  /** `PLATFORM_CUSTOM_DOMAIN_ROOT`: every workspace's platform host is `<slug>.<root>`. */
  platformRoot: string;
  /** `DNS_RESOLVER_SERVERS` (empty: the system's) and the per-query timeout. */
  resolver: { servers: readonly string[]; timeoutMs: number };
  /** `DOMAIN_CLAIM_TTL_DAYS`: how long a domain may stay unverified before its claim lapses. */
  claimTtlDays: number;
}

/** Reads the API's auth settings from a parsed environment. */
export function apiConfigFromEnv(environment: Env): ApiConfig {
  return {
    baseUrl: environment.PLATFORM_PUBLIC_BASE_URL,
    // Compared as origins, so a configured trailing slash still matches a browser's Origin.
    allowedOrigins: environment.PLATFORM_ALLOWED_ORIGINS.map((value) => new URL(value).origin),
    cookieDomain: environment.PLATFORM_COOKIE_DOMAIN,
    sessionTtlHours: environment.SESSION_TTL_HOURS,
    isLocal: environment.PLATFORM_ENV === 'local',
    bodyTimeoutMs: environment.API_BODY_TIMEOUT_MS,
    trustProxy: compileTrustedProxies(environment.PLATFORM_TRUSTED_PROXIES),
    domains: {
      platformRoot: environment.PLATFORM_CUSTOM_DOMAIN_ROOT.toLowerCase().replace(/^\./, ''),
      resolver: { servers: environment.DNS_RESOLVER_SERVERS, timeoutMs: 3000 },
      claimTtlDays: environment.DOMAIN_CLAIM_TTL_DAYS,
    },
  };
}

/**
 * The settings of a local deployment on the default port, as `env()` gives them when nothing is
 * set (`PLATFORM_ENV=local`): what tests and the OpenAPI document writer build the API with.
 */
export function localApiConfig(): ApiConfig {
  return apiConfigFromEnv(loadEnv({}));
}
