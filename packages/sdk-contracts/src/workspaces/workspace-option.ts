import { z } from 'zod';
import { WORKSPACE_TYPES } from './workspace-type';

/** A workspace the user can act in (PRD §20.3 `workspace_options`). */
export const workspaceOptionSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(WORKSPACE_TYPES),
    role_template: z.string().meta({ description: 'The role the user holds there' }),
  })
  .meta({ id: 'WorkspaceOption', description: 'A workspace the user is an active member of' });
export type WorkspaceOption = z.infer<typeof workspaceOptionSchema>;
