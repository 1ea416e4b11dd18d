import { ShellError, type JsonObject, type ModuleAssessment } from '@aiconnected/sdk-contracts';

/**
 * The refusal of a manifest whose assessment has blocking findings: its `error_code`
 * (`MANIFEST_INCOMPATIBLE` when every blocking finding is an incompatibility, else
 * `MANIFEST_INVALID`) with the whole report in `details.assessment`, so the screen renders it.
 */
export function manifestRefused(assessment: ModuleAssessment, what: string): ShellError {
  const code = assessment.error_code ?? 'MANIFEST_INVALID';
  return new ShellError(
    code,
    `${what}: ${assessment.counts.blocking} blocking finding(s) (${assessment.findings
      .filter((finding) => finding.severity === 'blocking')
      .map((finding) => finding.code)
      .join(', ')})`,
    { details: { assessment: assessment as unknown as JsonObject } },
  );
}
