import { z } from 'zod';
import { LOWER_KEBAB_PATTERN, workspaceScopeSchema } from '../common/keys';
import { findDuplicates } from '../common/unique';

// An in-app path: one leading slash (never `//host`, which browsers treat as another origin)
// and no whitespace, so a sidebar link cannot point off-site or run script. Written without
// lookahead so the published JSON Schema also runs on RE2 (module-sdk's compileJsonSchema).
const INTERNAL_PATH_PATTERN = /^\/(?:[^/\s]\S*)?$/;

const navigationLinkShape = {
  key: z.string().max(64).regex(LOWER_KEBAB_PATTERN, 'Must be a lower-kebab key'),
  label: z.string().min(1).max(60),
  href: z
    .string()
    .max(512)
    .regex(INTERNAL_PATH_PATTERN, 'Must be an in-app path starting with a single /'),
  icon: z.string().regex(LOWER_KEBAB_PATTERN, 'Must be a lower-kebab icon name').optional(),
  hidden: z.boolean().optional(),
};

/** A sidebar entry; one level of children is allowed (a group and its links). */
export const navigationItemSchema = z
  .strictObject({
    ...navigationLinkShape,
    children: z.array(z.strictObject(navigationLinkShape)).optional(),
  })
  .meta({ id: 'NavigationItem', description: 'Sidebar entry with optional child links' });
export type NavigationItem = z.infer<typeof navigationItemSchema>;

/** The ordered sidebar of a navigation profile; keys are unique across the whole tree. */
export const navigationConfigSchema = z
  .strictObject({ items: z.array(navigationItemSchema) })
  .superRefine((config, ctx) => {
    const keys = config.items.flatMap((item) => [
      item.key,
      ...(item.children ?? []).map((child) => child.key),
    ]);
    for (const duplicate of findDuplicates(keys)) {
      ctx.addIssue({
        code: 'custom',
        path: ['items'],
        message: `Duplicate navigation key ${duplicate}`,
      });
    }
  })
  .meta({ id: 'NavigationConfig', description: 'Ordered sidebar items' });

/**
 * A versioned sidebar for one role template in one workspace (`navigation_profiles`, PRD
 * §20.3 `/navigation/sidebar`). Module links are added at runtime from enabled installations.
 */
export const navigationProfileSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    scope_type: workspaceScopeSchema,
    role_template: z.string().min(1),
    version: z.int().min(1),
    config_json: navigationConfigSchema,
  })
  .meta({ id: 'NavigationProfile', description: 'Versioned sidebar of a role template' });
export type NavigationProfile = z.infer<typeof navigationProfileSchema>;
