import { JSON_MAX_DEPTH, findJsonProblem } from '@aiconnected/sdk-contracts';
import type { ManifestFinding } from '@aiconnected/sdk-contracts';
import { createFinding } from './create-finding';

/**
 * The manifest as JSON the registry can store (Postgres jsonb) and the schema can parse: no
 * string or key, anywhere (unknown fields included), with NUL or a lone surrogate, and no
 * nesting deeper than `JSON_MAX_DEPTH` (checked without recursion). The first problem found
 * is a blocking FIELD_INVALID at its path; `tooDeep` says the rest of the assessment must not
 * walk the input.
 */
export function checkStorableJson(manifest: unknown): {
  findings: ManifestFinding[];
  tooDeep: boolean;
} {
  const problem = findJsonProblem(manifest);
  if (!problem) return { findings: [], tooDeep: false };
  const tooDeep = problem.path.length >= JSON_MAX_DEPTH;
  return {
    findings: [
      createFinding(
        'FIELD_INVALID',
        problem.path,
        problem.message,
        tooDeep
          ? `Nest at most ${JSON_MAX_DEPTH} levels of arrays and objects`
          : 'Remove the NUL character or the unpaired surrogate from the text',
      ),
    ],
    tooDeep,
  };
}
