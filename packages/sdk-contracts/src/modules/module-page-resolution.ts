import { z } from 'zod';
import { moduleKeySchema } from '../common/keys';
import { semverSchema } from '../common/semver';
import { routePathSchema } from './manifest-layers';
import { minimumRoleSchema } from './permission-keys';

/**
 * Which admin page of an enabled module a path under `/w/{workspace}/m/{module}` opens
 * (`GET /modules/{key}/page`): the module's name and installed version, and the page the path
 * matches (its declared path, which may hold `:params`, its title and the role it needs).
 */
export const modulePageResolutionSchema = z
  .object({
    workspace_id: z.uuid(),
    module_key: moduleKeySchema,
    name: z.string(),
    version: semverSchema.meta({ description: 'Installed version' }),
    page: z.object({
      path: routePathSchema.meta({
        description: 'The matching page as declared, e.g. /notes/:noteId',
      }),
      title: z.string(),
      minimum_role: minimumRoleSchema,
    }),
  })
  .meta({
    id: 'ModulePageResolution',
    description: 'The admin page of an enabled module a shell path opens',
  });
export type ModulePageResolution = z.infer<typeof modulePageResolutionSchema>;
