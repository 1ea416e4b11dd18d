import { z } from 'zod';

/** Whether a URL carries no credentials, query or fragment (targets are plain origins + path). */
function isPlainUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

const HEALTH_PATH_PATTERN =
  /^\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*)?$/;

/**
 * Where the module's server runs: a separate HTTP service the gateway forwards to. Plain
 * `http` is allowed because targets usually sit on a private network next to the shell.
 */
export const moduleHttpTargetSchema = z
  .strictObject({
    type: z.literal('http'),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .refine(isPlainUrl, 'Must have no credentials, query or fragment')
      .meta({ description: 'Base URL the gateway forwards to, e.g. http://crm-lite:8080/api' }),
    healthPath: z
      .string()
      .max(256)
      .regex(HEALTH_PATH_PATTERN, 'Must be an absolute path such as /health')
      .meta({ description: 'Path under baseUrl answering 2xx when healthy' }),
    timeoutMs: z.int().min(100).max(60_000).optional(),
  })
  .meta({ id: 'ModuleHttpTarget', description: 'HTTP runtime target of a module' });

/** The module runtime (module runtime spec): contract version and server target. */
export const moduleRuntimeSchema = z
  .strictObject({
    apiVersion: z.literal('v1'),
    target: moduleHttpTargetSchema,
  })
  .meta({ id: 'ModuleRuntime', description: 'Runtime API version and target of a module' });

/** The hosts plain http is allowed on for a module UI: this machine (local development). */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/**
 * False for a plain-http URL whose host is not loopback (`LOOPBACK_HOSTS`); anything else is
 * left to the URL check (which allows only http and https).
 */
function isSecureEntryUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol !== 'http:' || (LOOPBACK_HOSTS as readonly string[]).includes(url.hostname);
  } catch {
    return true;
  }
}

/**
 * The module's UI, loaded in a sandboxed iframe. HTTPS (plain http only on a loopback host,
 * for local development; the shell refuses it on a non-local deployment): the iframe's origin
 * is the postMessage allowlist, and a plain-http origin could be impersonated on the network.
 */
export const moduleFrontendSchema = z
  .strictObject({
    entryUrl: z
      .url({ protocol: /^https?$/ })
      .refine(
        isSecureEntryUrl,
        'Must be an https URL (http only on loopback, for local development)',
      )
      .refine(isPlainUrl, 'Must have no credentials, query or fragment')
      .meta({
        description:
          'HTTPS URL of the module UI entry page (http only on localhost, 127.0.0.1 or [::1])',
      }),
  })
  .meta({ id: 'ModuleFrontend', description: 'Iframe UI of a module' });

export type ModuleHttpTarget = z.infer<typeof moduleHttpTargetSchema>;
export type ModuleRuntime = z.infer<typeof moduleRuntimeSchema>;
export type ModuleFrontend = z.infer<typeof moduleFrontendSchema>;
