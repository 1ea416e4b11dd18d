import { z } from 'zod';
import { timestampSchema } from '../common/keys';
import { semverSchema } from '../common/semver';
import { sdkContractVersionSchema } from './sdk-contract-version';

/** A stored contract version as `GET /sdk/contracts` and `POST /sdk/contracts` answer it. */
export const sdkContractVersionRecordSchema = sdkContractVersionSchema
  .extend({
    id: z.uuid(),
    published_at: timestampSchema.nullable().meta({ description: 'Null while a draft' }),
    created_at: timestampSchema,
  })
  .meta({
    id: 'SDKContractVersionRecord',
    description: 'A published SDK contract version with its JSON Schema (PRD §41)',
  });
export type SDKContractVersionRecord = z.infer<typeof sdkContractVersionRecordSchema>;

/** `GET /sdk/contracts`: every matching version, by contract name then highest semver first. */
export const sdkContractVersionListSchema = z
  .object({ items: z.array(sdkContractVersionRecordSchema) })
  .meta({ id: 'SDKContractVersionList' });
export type SDKContractVersionList = z.infer<typeof sdkContractVersionListSchema>;

/** `GET /sdk/compatibility?range=`: whether a module's `engines.shell` range admits this shell. */
export const sdkCompatibilitySchema = z
  .object({
    range: z.string(),
    shell_version: semverSchema.meta({ description: 'SHELL_SDK_CONTRACT_VERSION' }),
    compatible: z.boolean(),
  })
  .meta({ id: 'SDKCompatibility', description: 'Whether a semver range includes the shell' });
export type SDKCompatibility = z.infer<typeof sdkCompatibilitySchema>;
