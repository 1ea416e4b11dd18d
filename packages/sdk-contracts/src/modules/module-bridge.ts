import { z } from 'zod';
import { jsonObjectSchema } from '../common/json';
import { moduleKeySchema } from '../common/keys';
import { semverSchema } from '../common/semver';
import { errorCodeSchema } from '../errors/error-codes';
import { WORKSPACE_TYPES } from '../workspaces/workspace-type';
import { moduleTokenSchema } from './module-token';
import { permissionKeySchema } from './permission-keys';

/**
 * The module UI bridge (module runtime spec, "Runtime Message Protocol"): the messages a
 * module's iframe and the shell's ModuleHost exchange over postMessage. Both sides expose one
 * penpal method, `BRIDGE_METHOD`, which takes a message and answers one:
 *
 * - handshake: the host sends `host:init` (with the module page path the shell opened; the
 *   frame always loads the manifest's `frontend.entryUrl`), the module answers `module:ready`;
 * - the module sends `module:request:*`, the host answers `host:settings`, `host:context`,
 *   `host:token`, `host:resized`, or `host:refusal` (a stable code and a message) when the
 *   request is invalid or not allowed. Nothing is sent unasked; no token by default.
 *
 * Each side validates what it receives with these schemas and refuses anything else.
 */
export const BRIDGE_PROTOCOL_VERSION = '1.1.0';

/** The penpal method each side exposes; it takes one bridge message and answers one. */
export const BRIDGE_METHOD = 'bridge';

/** Largest height or width (CSS pixels) a module may ask its frame to take. */
export const BRIDGE_MAX_FRAME_SIZE = 10_000;

/** Most permissions one token request may name (as `POST /modules/{key}/token`). */
export const BRIDGE_MAX_TOKEN_PERMISSIONS = 20;

/** A token's lifetime bounds and default, in seconds (as `POST /modules/{key}/token`). */
export const MODULE_TOKEN_TTL = { min: 10, max: 300, default: 60 } as const;

const frameSize = z.int().min(0).max(BRIDGE_MAX_FRAME_SIZE);

const protocolVersion = semverSchema.meta({
  description: `Bridge protocol version the sender speaks (${BRIDGE_PROTOCOL_VERSION})`,
});

// ---- host -> module ----

export const hostInitMessageSchema = z
  .object({
    type: z.literal('host:init'),
    protocol_version: protocolVersion,
    module_key: moduleKeySchema,
    workspace_id: z.uuid(),
    path: z
      .string()
      .max(2048)
      .regex(/^\/[^?#\s]*$/, 'Must start with / (no query, fragment or spaces)')
      .meta({
        description:
          'The module page path the shell opened, below the module mount point (/w/{workspace}/m/{module}), e.g. /notes/42',
      }),
  })
  .meta({ description: 'Handshake: the host greets the module; the module answers module:ready' });

export const hostSettingsMessageSchema = z
  .object({
    type: z.literal('host:settings'),
    settings: jsonObjectSchema.meta({
      description: "The installation's settings, without write-only fields",
    }),
  })
  .meta({ description: 'Answer to module:request:settings' });

/** Non-sensitive context a module UI may use to greet the user and match the branding. */
export const hostContextMessageSchema = z
  .object({
    type: z.literal('host:context'),
    user: z.object({
      id: z.uuid(),
      display_name: z.string().max(200).nullable().meta({ description: 'null when never set' }),
    }),
    workspace: z.object({ id: z.uuid(), name: z.string().max(200), type: z.enum(WORKSPACE_TYPES) }),
    theme: z.object({
      mode: z.enum(['light', 'dark']),
      tokens: z
        .record(z.string().max(64), z.string().max(512))
        .meta({ description: 'Effective theme tokens for the mode: name (without --) -> value' }),
    }),
  })
  .meta({ description: 'Answer to module:request:context' });

export const hostTokenMessageSchema = moduleTokenSchema
  .extend({ type: z.literal('host:token') })
  .meta({ description: 'Answer to module:request:token: a ModuleToken' });

export const hostResizedMessageSchema = z
  .object({ type: z.literal('host:resized'), height: frameSize, width: frameSize.optional() })
  .meta({ description: 'Answer to module:request:resize: the size the frame took' });

export const hostRefusalMessageSchema = z
  .object({
    type: z.literal('host:refusal'),
    code: errorCodeSchema,
    message: z.string().max(500),
  })
  .meta({ description: 'A request the host refused: invalid, not allowed, or failed' });

/** Every message the host sends. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  hostInitMessageSchema,
  hostSettingsMessageSchema,
  hostContextMessageSchema,
  hostTokenMessageSchema,
  hostResizedMessageSchema,
  hostRefusalMessageSchema,
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

// ---- module -> host ----

export const moduleReadyMessageSchema = z
  .object({ type: z.literal('module:ready'), protocol_version: protocolVersion })
  .meta({ description: 'Handshake answer to host:init' });

export const moduleResizeRequestSchema = z
  .object({
    type: z.literal('module:request:resize'),
    height: frameSize,
    width: frameSize.optional(),
  })
  .meta({ description: 'Asks the host to size the frame (CSS pixels, 0..10000)' });

export const moduleSettingsRequestSchema = z
  .object({ type: z.literal('module:request:settings') })
  .meta({ description: 'Asks for the installation settings (host:settings)' });

export const moduleContextRequestSchema = z
  .object({ type: z.literal('module:request:context') })
  .meta({ description: 'Asks for the user, workspace and theme context (host:context)' });

export const moduleTokenRequestSchema = z
  .object({
    type: z.literal('module:request:token'),
    permissions: z
      .array(permissionKeySchema)
      .min(1)
      .max(BRIDGE_MAX_TOKEN_PERMISSIONS)
      .refine((keys) => new Set(keys).size === keys.length, 'Permissions must be unique'),
    ttl_seconds: z.int().min(MODULE_TOKEN_TTL.min).max(MODULE_TOKEN_TTL.max).optional(),
  })
  .meta({
    description:
      'Asks for a short-lived token for permissions granted to UI tokens (host:token or host:refusal)',
  });

/** Every message a module sends. */
export const moduleMessageSchema = z.discriminatedUnion('type', [
  moduleReadyMessageSchema,
  moduleResizeRequestSchema,
  moduleSettingsRequestSchema,
  moduleContextRequestSchema,
  moduleTokenRequestSchema,
]);
export type ModuleMessage = z.infer<typeof moduleMessageSchema>;

/** The requests a module may send after the handshake. */
export type ModuleRequest = Exclude<ModuleMessage, { type: 'module:ready' }>;

/** Every bridge message, either direction (the `module-bridge` contract). */
export const moduleBridgeMessageSchema = z
  .discriminatedUnion('type', [...hostMessageSchema.options, ...moduleMessageSchema.options])
  .meta({
    id: 'ModuleBridgeMessage',
    description: `A module UI bridge message (protocol ${BRIDGE_PROTOCOL_VERSION}), either direction`,
  });
export type ModuleBridgeMessage = z.infer<typeof moduleBridgeMessageSchema>;

export type HostInitMessage = z.infer<typeof hostInitMessageSchema>;
export type HostContextMessage = z.infer<typeof hostContextMessageSchema>;
export type HostTokenMessage = z.infer<typeof hostTokenMessageSchema>;
export type HostRefusalMessage = z.infer<typeof hostRefusalMessageSchema>;
export type ModuleTokenRequest = z.infer<typeof moduleTokenRequestSchema>;
