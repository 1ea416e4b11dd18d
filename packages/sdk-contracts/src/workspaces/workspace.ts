import { z } from 'zod';
import { WORKSPACE_TYPES } from './workspace-type';

/** The lifecycle states of a workspace (`workspaces.status`). */
export const WORKSPACE_STATUSES = ['active', 'suspended', 'archived'] as const;
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number];

/** A tenant workspace as the API returns it (PRD §6, §12.2). */
export const workspaceSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(WORKSPACE_TYPES),
    parent_workspace_id: z.uuid().nullable(),
    name: z.string(),
    slug: z
      .string()
      .nullable()
      .meta({ description: 'URL handle, derived from the name at creation; kept on rename' }),
    status: z.enum(WORKSPACE_STATUSES),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({
    id: 'Workspace',
    description: 'A tenant workspace: the super platform, an agency or a business',
  });
export type Workspace = z.infer<typeof workspaceSchema>;

/** `{ workspace }`: what reading, creating or changing one workspace answers. */
export const workspaceResultSchema = z
  .object({ workspace: workspaceSchema })
  .meta({ id: 'WorkspaceResult' });
export type WorkspaceResult = z.infer<typeof workspaceResultSchema>;
