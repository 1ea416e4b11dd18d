import { z } from 'zod';
import { impersonationStateSchema } from '../workspace-context';

/**
 * `GET /permissions/effective` (PRD §20.3 names its fields `effective_permissions` and
 * `role_template`): the caller's context in the active workspace as the UI reads it.
 */
export const effectivePermissionsViewSchema = z
  .object({
    effective_permissions: z.array(z.string()).meta({
      description: 'Capabilities the caller holds in the active workspace, e.g. users.invite',
    }),
    role_template: z.string(),
    workspace_id: z.uuid(),
    impersonation: impersonationStateSchema,
  })
  .meta({ id: 'EffectivePermissionsView' });
export type EffectivePermissionsView = z.infer<typeof effectivePermissionsViewSchema>;
