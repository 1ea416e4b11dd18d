import { z } from 'zod';
import { moduleKeySchema } from '../common/keys';
import { semverSchema } from '../common/semver';
import { routePathSchema } from './manifest-layers';
import { minimumRoleSchema } from './permission-keys';

/**
 * Which admin page of an enabled module a path under `/w/{workspace}/m/{module}` opens
 * (`GET /modules/{key}/page`): the module's name and installed version, and the page the path
 * matches (its declared path, which may hold `:params`, its title and the role it needs), and
 * the origin of the module's UI, which the shell's page allows in its `frame-src`.
 */
export const modulePageResolutionSchema = z
  .object({
    workspace_id: z.uuid(),
    module_key: moduleKeySchema,
    name: z.string(),
    version: semverSchema.meta({ description: 'Installed version' }),
    entry_origin: z.string().nullable().meta({
      description:
        "Origin of the manifest's frontend.entryUrl (the one origin the page may frame); null without a frontend",
    }),
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
