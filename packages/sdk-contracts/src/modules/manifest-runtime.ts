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

/** A path under the target's `baseUrl` the shell POSTs webhooks to (the health path pattern). */
const webhookPathSchema = z
  .string()
  .max(256)
  .regex(HEALTH_PATH_PATTERN, 'Must be an absolute path such as /webhooks/events');

/** The module lifecycle actions the shell calls back (PRD §21): one optional path each. */
export const MODULE_WEBHOOK_ACTIONS = ['install', 'enable', 'disable', 'uninstall'] as const;
export type ModuleWebhookAction = (typeof MODULE_WEBHOOK_ACTIONS)[number];

/**
 * Where the shell delivers events and lifecycle callbacks (docs/events.md): POSTs under the
 * target's `baseUrl`, signed with Standard Webhooks. A module consuming events needs
 * `eventsPath` (module-sdk `EVENTS_PATH_REQUIRED`).
 */
export const moduleWebhooksSchema = z
  .strictObject({
    eventsPath: webhookPathSchema
      .optional()
      .meta({ description: 'Path receiving the consumed events, e.g. /webhooks/events' }),
    actions: z
      .strictObject({
        install: webhookPathSchema.optional(),
        enable: webhookPathSchema.optional(),
        disable: webhookPathSchema.optional(),
        uninstall: webhookPathSchema.optional(),
      })
      .optional()
      .meta({ description: 'Lifecycle callback paths (install, enable, disable, uninstall)' }),
    timeoutMs: z
      .int()
      .min(100)
      .max(30_000)
      .optional()
      .meta({ description: 'Time a delivery may take, 100-30000 ms (default 10000)' }),
  })
  .meta({ id: 'ModuleWebhooks', description: 'Event and lifecycle webhook paths of a module' });

/** The module runtime (module runtime spec): contract version, server target and webhooks. */
export const moduleRuntimeSchema = z
  .strictObject({
    apiVersion: z.literal('v1'),
    target: moduleHttpTargetSchema,
    webhooks: moduleWebhooksSchema.optional(),
  })
  .meta({
    id: 'ModuleRuntime',
    description: 'Runtime API version, target and webhooks of a module',
  });

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
export type ModuleWebhooks = z.infer<typeof moduleWebhooksSchema>;
export type ModuleRuntime = z.infer<typeof moduleRuntimeSchema>;
export type ModuleFrontend = z.infer<typeof moduleFrontendSchema>;
