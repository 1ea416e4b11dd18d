import {
  MANIFEST_FINDING_CODES,
  type ManifestFindingCode,
  type ModuleAssessment,
} from '@aiconnected/sdk-contracts';

/**
 * A rejected assessment holding one blocking finding that the registry itself found (a
 * `package_uri` that gave no manifest, a key and version already rejected), in the same shape
 * as `assess` reports, so the import screen shows it like any other report.
 */
export function singleFindingAssessment(
  code: ManifestFindingCode,
  message: string,
  subject: { module_key: string | null; version: string | null; path?: string } = {
    module_key: null,
    version: null,
  },
): ModuleAssessment {
  const entry = MANIFEST_FINDING_CODES[code];
  return {
    module_key: subject.module_key,
    version: subject.version,
    manifest_version: null,
    outcome: 'rejected',
    error_code: entry.error ?? 'MANIFEST_INVALID',
    counts: { blocking: 1, warning: 0 },
    findings: [
      { code, path: subject.path ?? '', severity: 'blocking', message, fix_hint: entry.fix },
    ],
  };
}
