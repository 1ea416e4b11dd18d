import { z } from 'zod';
import { correlationIdSchema, moduleKeySchema } from '../common/keys';
import { semverSchema } from '../common/semver';
import { HTTP_METHODS } from '../modules/manifest-layers';
import { MODULE_TOKEN_TTL } from '../modules/module-bridge';
import { permissionKeySchema } from '../modules/permission-keys';
import { impersonationStateSchema } from '../workspace-context';

/** The longest a gateway claims token lives (seconds): it is minted for one forwarded request. */
export const GATEWAY_CLAIMS_TTL_SECONDS = 60;

/** What a shell-signed token is for: one forwarded request, or a module UI's own calls. */
export const SHELL_CLAIM_USES = ['gateway', 'module-ui'] as const;

const numericDate = z
  .int()
  .min(0)
  .meta({ description: 'Seconds since the epoch (JWT NumericDate)' });

const commonClaims = {
  iss: z.url().meta({ description: "The shell's public origin (PLATFORM_PUBLIC_BASE_URL)" }),
  aud: moduleKeySchema.meta({ description: 'The module key the token is for' }),
  sub: z.uuid().meta({ description: 'The user id' }),
  iat: numericDate,
  nbf: numericDate.meta({ description: 'Equal to iat' }),
  exp: numericDate,
  jti: z.uuid(),
  wid: z.uuid().meta({ description: 'The active workspace id' }),
  mod: moduleKeySchema.meta({ description: 'The module key (as aud)' }),
  ver: semverSchema.meta({ description: 'The module version installed in the workspace' }),
  role: z.string().min(1).meta({ description: "The caller's role template in the workspace" }),
  perms: z.array(permissionKeySchema).max(200).meta({
    description:
      "Gateway: the installed manifest's permissions the caller holds; module-ui: the token's granted permissions",
  }),
  cid: correlationIdSchema,
  imp: impersonationStateSchema,
};

const gatewayClaimsSchema = z.object({
  ...commonClaims,
  use: z.literal('gateway'),
  htm: z.enum(HTTP_METHODS).meta({ description: 'The forwarded HTTP method (upper case)' }),
  htu: z
    .string()
    .max(2048)
    .regex(/^\/[^?#]*$/, 'Must start with / and carry no query or fragment')
    .meta({ description: 'The forwarded module path, without the query' }),
});

const moduleUiClaimsSchema = z.object({
  ...commonClaims,
  use: z.literal('module-ui'),
  sid: z.uuid().meta({ description: 'The session the token was issued to' }),
});

/**
 * The payload of the ES256 JWT the shell signs (protected header `{ alg: 'ES256', kid, typ:
 * 'JWT' }`, keys at `/.well-known/jwks.json`): `use: 'gateway'` in the `x-shell-claims` header
 * of one forwarded request (bound to its method and path, `htm`/`htu`; lives at most 60 s), or
 * `use: 'module-ui'` for a module UI's token (`POST /modules/{key}/token`, bound to its
 * session `sid`; 10..300 s). A module verifies it with module-sdk's `createShellVerifier`.
 */
export const shellClaimsSchema = z
  .discriminatedUnion('use', [gatewayClaimsSchema, moduleUiClaimsSchema])
  .superRefine((claims, ctx) => {
    const lifetime = claims.exp - claims.iat;
    const [min, max] =
      claims.use === 'gateway'
        ? [1, GATEWAY_CLAIMS_TTL_SECONDS]
        : [MODULE_TOKEN_TTL.min, MODULE_TOKEN_TTL.max];
    if (claims.nbf !== claims.iat) {
      ctx.addIssue({ code: 'custom', path: ['nbf'], message: 'Must equal iat' });
    }
    if (lifetime < min || lifetime > max) {
      ctx.addIssue({ code: 'custom', path: ['exp'], message: `Must be iat + ${min}..${max} s` });
    }
    if (claims.mod !== claims.aud) {
      ctx.addIssue({ code: 'custom', path: ['mod'], message: 'Must equal aud' });
    }
  })
  .meta({ id: 'ShellClaims', description: 'Claims of a shell-signed token for a module' });
export type ShellClaims = z.infer<typeof shellClaimsSchema>;
export type GatewayShellClaims = Extract<ShellClaims, { use: 'gateway' }>;
export type ModuleUiShellClaims = Extract<ShellClaims, { use: 'module-ui' }>;
