import { z } from 'zod';
import { workspaceScopeSchema } from '../common/keys';
import { findDuplicates } from '../common/unique';

/** One feature's effective value and the scope it came from (super default or an override). */
export const featureFlagSchema = z
  .strictObject({
    feature_key: z
      .string()
      .max(128)
      .regex(/^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)*$/, 'Must be a lower-case feature key'),
    enabled: z.boolean(),
    source_scope: workspaceScopeSchema.meta({ description: 'Level that set this value' }),
  })
  .meta({ id: 'FeatureFlag', description: 'Effective value of one feature flag' });
export type FeatureFlag = z.infer<typeof featureFlagSchema>;

/**
 * The feature flags of a workspace (`workspace_feature_flags`, PRD §23.6): each key once.
 * A flag never bypasses billing or permission checks; it only hides or shows a feature.
 */
export const featureFlagSetSchema = z
  .object({
    workspace_id: z.uuid(),
    version: z.int().min(0),
    flags: z.array(featureFlagSchema),
  })
  .superRefine((set, ctx) => {
    for (const duplicate of findDuplicates(set.flags.map((flag) => flag.feature_key))) {
      ctx.addIssue({ code: 'custom', path: ['flags'], message: `Duplicate feature ${duplicate}` });
    }
  })
  .meta({ id: 'FeatureFlagSet', description: 'Feature flags of a workspace' });
export type FeatureFlagSet = z.infer<typeof featureFlagSetSchema>;
