import { MANIFEST_FINDING_CODES } from '@aiconnected/sdk-contracts';
import type { ManifestFinding, ManifestFindingCode } from '@aiconnected/sdk-contracts';
import { toJsonPointer } from './to-json-pointer';

const MAX_TEXT = 2000;

/**
 * A finding with the code's severity at `path` (segments, or a JSON Pointer already);
 * `fixHint` defaults to the code's fix. Texts are cut to
 * the report's limits (a finding may quote a long value).
 */
export function createFinding(
  code: ManifestFindingCode,
  path: ReadonlyArray<PropertyKey> | string,
  message: string,
  fixHint?: string,
): ManifestFinding {
  const entry = MANIFEST_FINDING_CODES[code];
  return {
    code,
    path: cut(typeof path === 'string' ? path : toJsonPointer(path)),
    severity: entry.severity,
    message: cut(message),
    fix_hint: cut(fixHint ?? entry.fix),
  };
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
