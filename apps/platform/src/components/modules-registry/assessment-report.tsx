import { useId } from 'react';
import { CircleCheck, CircleX, TriangleAlert } from 'lucide-react';
import { cn } from '@aiconnected/ui';
import type { ManifestFinding, ModuleAssessment } from '@aiconnected/sdk-contracts';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "2 blocking findings, 1 warning": the counts line of a report. */
export function assessmentCountsText(counts: ModuleAssessment['counts']): string {
  return `${plural(counts.blocking, 'blocking finding', 'blocking findings')}, ${plural(counts.warning, 'warning', 'warnings')}`;
}

/** The one-line verdict of a report, e.g. "Refused (MANIFEST_INVALID): hello 1.0.0". */
export function assessmentVerdict(assessment: ModuleAssessment): string {
  const subject = [assessment.module_key, assessment.version].filter(Boolean).join(' ');
  const verdict =
    assessment.outcome === 'accepted'
      ? 'Accepted'
      : `Refused${assessment.error_code ? ` (${assessment.error_code})` : ''}`;
  return subject ? `${verdict}: ${subject}` : verdict;
}

function FindingItem({ finding }: { finding: ManifestFinding }) {
  const blocking = finding.severity === 'blocking';
  const Icon = blocking ? CircleX : TriangleAlert;
  return (
    <li className="flex gap-3 py-3">
      <Icon
        className={cn(
          'mt-0.5 h-4 w-4 shrink-0',
          blocking ? 'text-destructive' : 'text-amber-600 dark:text-amber-400',
        )}
        aria-hidden="true"
      />
      <div className="min-w-0 space-y-1 text-sm">
        <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
          <span className="sr-only">{blocking ? 'Blocking: ' : 'Warning: '}</span>
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs font-semibold">
            {finding.code}
          </code>
          <span className="sr-only"> at </span>
          <code className="break-all font-mono text-xs text-muted-foreground">
            {finding.path === '' ? '(whole manifest)' : finding.path}
          </code>
        </p>
        <p className="break-words">{finding.message}</p>
        <p className="break-words text-muted-foreground">
          <span className="font-medium text-foreground">Fix: </span>
          {finding.fix_hint}
        </p>
      </div>
    </li>
  );
}

/**
 * A manifest assessment as a checklist: the verdict and counts, the blocking findings (each
 * with its code, JSON Pointer, message and fix hint), then the warnings. The same report the
 * import API answers and the CLI prints.
 */
export function AssessmentReport({
  assessment,
  title = 'Assessment report',
  headingLevel = 3,
}: {
  assessment: ModuleAssessment;
  title?: string;
  headingLevel?: 2 | 3 | 4;
}) {
  const id = useId();
  const Heading = `h${headingLevel}` as const;
  const blocking = assessment.findings.filter((finding) => finding.severity === 'blocking');
  const warnings = assessment.findings.filter((finding) => finding.severity !== 'blocking');
  const accepted = assessment.outcome === 'accepted';
  const Verdict = accepted ? CircleCheck : CircleX;

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3 rounded-lg border p-4">
      <div className="space-y-1">
        <Heading id={`${id}-title`} className="font-medium">
          {title}
        </Heading>
        <p className="flex items-center gap-2 text-sm">
          <Verdict
            className={cn('h-4 w-4 shrink-0', accepted ? 'text-primary' : 'text-destructive')}
            aria-hidden="true"
          />
          <span className="font-medium">{assessmentVerdict(assessment)}</span>
        </p>
        <p className="text-sm text-muted-foreground">{assessmentCountsText(assessment.counts)}</p>
      </div>
      {assessment.findings.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No findings: the manifest passed every check.
        </p>
      ) : null}
      {blocking.length > 0 ? (
        <div>
          <p id={`${id}-blocking`} className="text-sm font-medium text-destructive">
            Blocking: fix these and import again
          </p>
          <ul aria-labelledby={`${id}-blocking`} className="divide-y">
            {blocking.map((finding, index) => (
              <FindingItem key={`${finding.code}-${finding.path}-${index}`} finding={finding} />
            ))}
          </ul>
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div>
          <p id={`${id}-warnings`} className="text-sm font-medium">
            Warnings
          </p>
          <ul aria-labelledby={`${id}-warnings`} className="divide-y">
            {warnings.map((finding, index) => (
              <FindingItem key={`${finding.code}-${finding.path}-${index}`} finding={finding} />
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
