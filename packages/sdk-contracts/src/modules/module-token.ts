import { z } from 'zod';
import { moduleKeySchema, timestampSchema } from '../common/keys';
import { permissionKeySchema } from './permission-keys';

/**
 * A short-lived token for a module's own UI (`POST /modules/{key}/token`, the bridge's
 * `host:token`): an ES256 JWT whose audience is the module, carrying only permissions the
 * installation granted to UI tokens and the caller holds. The module's backend verifies it
 * with the shell's JWKS (`createShellVerifier(...).verifyToken`).
 */
export const moduleTokenSchema = z
  .object({
    token: z.string().min(1).max(8192).meta({ description: 'The JWT (compact JWS)' }),
    token_type: z.literal('Bearer'),
    expires_at: timestampSchema,
    permissions: z.array(permissionKeySchema).meta({ description: 'The permissions it carries' }),
    audience: moduleKeySchema.meta({ description: 'The module key (the JWT `aud`)' }),
  })
  .meta({ id: 'ModuleToken', description: "A short-lived token for a module's own UI" });
export type ModuleToken = z.infer<typeof moduleTokenSchema>;
