import type { ModuleAssessment } from '@aiconnected/sdk-contracts';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * The readable checklist of an assessment: a headline with the outcome and counts, then
 * each finding with its code, JSON Pointer path, message and fix hint.
 */
export function formatAssessment(assessment: ModuleAssessment, source: string): string {
  const subject = [assessment.module_key, assessment.version].filter(Boolean).join(' ') || source;
  const { blocking, warning } = assessment.counts;
  const outcome =
    assessment.outcome === 'accepted'
      ? `✓ ${subject}: accepted`
      : `✗ ${subject}: rejected (${assessment.error_code ?? 'MANIFEST_INVALID'})`;
  const lines = [
    `${outcome}, ${plural(blocking, 'blocking finding')}, ${plural(warning, 'warning')}`,
  ];
  for (const finding of assessment.findings) {
    const mark = finding.severity === 'blocking' ? '✗' : '!';
    lines.push(`  ${mark} ${finding.code} at ${finding.path === '' ? '(manifest)' : finding.path}`);
    lines.push(`      ${finding.message}`);
    lines.push(`      fix: ${finding.fix_hint}`);
  }
  return `${lines.join('\n')}\n`;
}
