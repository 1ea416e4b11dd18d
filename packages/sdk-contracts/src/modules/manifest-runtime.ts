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

/**
 * The module's UI, loaded in a sandboxed iframe. HTTPS only: the iframe's origin is the
 * postMessage allowlist, and a plain-http origin could be impersonated on the network.
 */
export const moduleFrontendSchema = z
  .strictObject({
    entryUrl: z
      .url({ protocol: /^https$/ })
      .refine(isPlainUrl, 'Must have no credentials, query or fragment')
      .meta({ description: 'HTTPS URL of the module UI entry page' }),
  })
  .meta({ id: 'ModuleFrontend', description: 'Iframe UI of a module' });

export type ModuleHttpTarget = z.infer<typeof moduleHttpTargetSchema>;
export type ModuleRuntime = z.infer<typeof moduleRuntimeSchema>;
export type ModuleFrontend = z.infer<typeof moduleFrontendSchema>;
