import { z } from 'zod';
import { moduleKeySchema, timestampSchema } from '../common/keys';
import { pageSchema } from '../common/page';
import { semverSchema } from '../common/semver';
import { moduleAssessmentSchema } from './manifest-findings';
import { moduleManifestSchema } from './module-manifest';

/**
 * A registry row's status (`module_registry.status`, PRD §19): a draft is not live until it is
 * promoted (re-assessed then) or rejected (with a reason); registered versions are installable.
 */
export const MODULE_REGISTRY_STATUSES = ['draft', 'registered', 'rejected'] as const;
export type ModuleRegistryStatus = (typeof MODULE_REGISTRY_STATUSES)[number];

/** Where a registry row came from: an import (file, paste, URL) or the Layout Manager builder. */
export const MODULE_REGISTRY_ORIGINS = ['import', 'builder'] as const;

const registryVersionFields = {
  id: z.uuid(),
  module_key: moduleKeySchema,
  version: semverSchema,
  name: z.string(),
  description: z.string(),
  status: z.enum(MODULE_REGISTRY_STATUSES),
  origin: z.enum(MODULE_REGISTRY_ORIGINS),
  is_current: z.boolean().meta({
    description: "Whether this version is the module's current one (installs use it)",
  }),
  paid: z.boolean().meta({ description: 'The manifest says paid: enabling needs an entitlement' }),
  created_at: timestampSchema,
  registered_at: timestampSchema.nullable(),
  reviewed_at: timestampSchema.nullable().meta({
    description: 'When a draft was promoted or rejected; null otherwise',
  }),
  review_note: z.string().nullable().meta({ description: 'The reason given for a rejection' }),
};

/** One version of a module in the registry, with its manifest and its import assessment. */
export const moduleRegistryRecordSchema = z
  .object({
    ...registryVersionFields,
    manifest: moduleManifestSchema,
    assessment: moduleAssessmentSchema,
  })
  .meta({
    id: 'ModuleRegistryRecord',
    description: 'A module version in the registry with its manifest and assessment report',
  });
export type ModuleRegistryRecord = z.infer<typeof moduleRegistryRecordSchema>;

/** A registry version without its manifest (`GET /modules/registry` items). */
export const moduleRegistryEntrySchema = z
  .object({
    ...registryVersionFields,
    counts: z
      .object({ blocking: z.int().min(0), warning: z.int().min(0) })
      .meta({ description: "The findings of the version's assessment, counted" }),
  })
  .meta({ id: 'ModuleRegistryEntry', description: 'A module version in the registry (summary)' });
export type ModuleRegistryEntry = z.infer<typeof moduleRegistryEntrySchema>;

/** `GET /modules/registry`: a page of versions, by module key then newest first. */
export const moduleRegistryListSchema = pageSchema(moduleRegistryEntrySchema).meta({
  id: 'ModuleRegistryList',
});
export type ModuleRegistryList = z.infer<typeof moduleRegistryListSchema>;

/** `GET /modules/registry/{key}`: every version of one module, highest semver first. */
export const moduleRegistryModuleSchema = z
  .object({
    module_key: moduleKeySchema,
    current_version: semverSchema.nullable().meta({
      description: 'The current registered version; null while the module has only drafts',
    }),
    versions: z.array(moduleRegistryRecordSchema),
  })
  .meta({ id: 'ModuleRegistryModule', description: 'A module and all its registry versions' });
export type ModuleRegistryModule = z.infer<typeof moduleRegistryModuleSchema>;

/**
 * `POST /modules/import` and `POST .../promote`: the assessment report and the registry row
 * it produced (or, for an identical re-import, the row that already holds this manifest).
 */
export const moduleImportResultSchema = z
  .object({
    assessment: moduleAssessmentSchema,
    registry_record: moduleRegistryRecordSchema,
  })
  .meta({ id: 'ModuleImportResult', description: 'An import or promotion and its report' });
export type ModuleImportResult = z.infer<typeof moduleImportResultSchema>;

/** `POST /modules/registry/{key}/rollback`: the current version before and after. */
export const moduleRegistryRollbackResultSchema = z
  .object({
    module_key: moduleKeySchema,
    from_version: semverSchema,
    to_version: semverSchema,
    registry_record: moduleRegistryRecordSchema,
  })
  .meta({
    id: 'ModuleRegistryRollbackResult',
    description: "A module's current version moved back to the next lower registered version",
  });
export type ModuleRegistryRollbackResult = z.infer<typeof moduleRegistryRollbackResultSchema>;
