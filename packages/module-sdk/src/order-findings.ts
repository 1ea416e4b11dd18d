import type { ManifestFinding } from '@aiconnected/sdk-contracts';
import { createFinding } from './create-finding';

/** Most findings a report lists; the rest are summarized by `TOO_MANY_FINDINGS`. */
export const MAX_FINDINGS = 200;

/**
 * Findings in manifest order of their paths (array indexes compared as numbers, a parent
 * before its children; equal paths keep their order), cut at `MAX_FINDINGS` with a final
 * `TOO_MANY_FINDINGS` warning saying how many were left out.
 */
export function orderFindings(findings: readonly ManifestFinding[]): ManifestFinding[] {
  const ordered = [...findings].sort((a, b) => comparePointers(a.path, b.path));
  if (ordered.length <= MAX_FINDINGS) return ordered;
  const kept = ordered.slice(0, MAX_FINDINGS);
  // Blocking findings past the cut still decide the outcome: keep one of them if none is kept.
  const blockingCut = ordered.slice(MAX_FINDINGS).find((f) => f.severity === 'blocking');
  if (blockingCut && !kept.some((f) => f.severity === 'blocking'))
    kept[MAX_FINDINGS - 1] = blockingCut;
  kept.push(
    createFinding(
      'TOO_MANY_FINDINGS',
      [],
      `${ordered.length - MAX_FINDINGS} more findings are not listed`,
    ),
  );
  return kept;
}

function comparePointers(a: string, b: string): number {
  const left = a.split('/').slice(1);
  const right = b.split('/').slice(1);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    if (x === y) continue;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    if (numeric) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}
