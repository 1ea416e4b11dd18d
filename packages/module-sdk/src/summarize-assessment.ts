import { MANIFEST_FINDING_CODES } from '@aiconnected/sdk-contracts';
import type { ManifestFinding, ModuleAssessment } from '@aiconnected/sdk-contracts';
import { readPath } from './read-path';

const MAX_ECHO = 256;

/**
 * The report for ordered findings: rejected when any is blocking, with
 * `MANIFEST_INCOMPATIBLE` when every blocking finding maps to it, else `MANIFEST_INVALID`.
 * `module_key` and `version` echo the input's strings (cut to 256 characters), or null.
 */
export function summarizeAssessment(input: unknown, findings: ManifestFinding[]): ModuleAssessment {
  const blocking = findings.filter((finding) => finding.severity === 'blocking');
  const incompatible = blocking.every(
    (finding) => MANIFEST_FINDING_CODES[finding.code].error === 'MANIFEST_INCOMPATIBLE',
  );
  const manifestVersion = readPath(input, ['manifestVersion']);
  const isObject = input !== null && typeof input === 'object' && !Array.isArray(input);
  return {
    module_key: echo(readPath(input, ['id'])),
    version: echo(readPath(input, ['version'])),
    manifest_version:
      typeof manifestVersion === 'number' && Number.isFinite(manifestVersion)
        ? manifestVersion
        : isObject && manifestVersion === undefined
          ? 1
          : null,
    outcome: blocking.length > 0 ? 'rejected' : 'accepted',
    error_code:
      blocking.length === 0 ? null : incompatible ? 'MANIFEST_INCOMPATIBLE' : 'MANIFEST_INVALID',
    counts: { blocking: blocking.length, warning: findings.length - blocking.length },
    findings,
  };
}

function echo(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, MAX_ECHO) : null;
}
