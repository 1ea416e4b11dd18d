import { z } from 'zod';
import { impersonationStateSchema } from './workspace-context';

/**
 * What the caller may do in one workspace (`GET /permissions/effective`, PRD §7, §20.3): the
 * role template's capabilities plus allowed and minus denied membership overrides, narrowed
 * while impersonating. Impersonation never widens this set.
 */
export const effectivePermissionsSchema = z
  .object({
    role_template: z.string().min(1),
    permissions: z
      .array(z.string().min(1))
      .meta({ description: 'Effective capability keys, e.g. users.invite' }),
    workspace_id: z.uuid(),
    impersonation: impersonationStateSchema,
  })
  .meta({
    id: 'EffectivePermissions',
    description: 'Role template and effective capabilities of the caller in one workspace',
  });
export type EffectivePermissions = z.infer<typeof effectivePermissionsSchema>;
