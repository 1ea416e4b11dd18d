import {
  moduleAssessmentSchema,
  type ErrorEnvelope,
  type ModuleAssessment,
} from '@aiconnected/sdk-contracts';

/**
 * The assessment report a refused import or promotion carries (`MANIFEST_INVALID` /
 * `MANIFEST_INCOMPATIBLE` with `details.assessment`), or null for any other failure.
 */
export function assessmentOfError(
  error: ErrorEnvelope['error'] | undefined,
): ModuleAssessment | null {
  if (error?.code !== 'MANIFEST_INVALID' && error?.code !== 'MANIFEST_INCOMPATIBLE') return null;
  const parsed = moduleAssessmentSchema.safeParse(error.details?.assessment);
  return parsed.success ? parsed.data : null;
}
