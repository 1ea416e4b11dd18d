'use client';

import { useId } from 'react';
import { TriangleAlert } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@aiconnected/ui';
import { contrastPairViews, type SourceNames } from './source-names';
import type { ThemeDraft } from './use-theme-draft';

/** What the live region says: how many pairs fail, which only changes when that number does. */
function summary(failing: number): string {
  if (failing === 0) return 'No colour pair is hard to read.';
  return failing === 1
    ? '1 colour pair is hard to read.'
    : `${failing} colour pairs are hard to read.`;
}

/**
 * The draft's contrast problems, live while editing: per failing pair its ratio and who set
 * each of its two colours, so the editor knows which one to change (or whom to ask when both
 * are inherited). Screen readers hear only the polite summary (always in the page) as values
 * are typed: the list's ratios change with each keystroke, so it stays outside the live region.
 */
export function ContrastWarning({ theme, context }: { theme: ThemeDraft; context: SourceNames }) {
  const titleId = useId();
  const pairs = contrastPairViews(theme.contrast, theme.preview, context);
  return (
    <div data-testid="contrast-warning">
      <p role="status" aria-live="polite" className="sr-only">
        {summary(pairs.length)}
      </p>
      {pairs.length > 0 ? (
        <Alert
          variant="destructive"
          role="group"
          aria-labelledby={titleId}
          className="mb-3 max-h-[30vh] overflow-y-auto"
        >
          <TriangleAlert className="h-4 w-4" aria-hidden="true" />
          <AlertTitle id={titleId}>Text would be hard to read</AlertTitle>
          <AlertDescription>
            <ul className="list-disc space-y-1 pl-5">
              {pairs.map((pair) => (
                <li key={pair.key}>
                  <span className="font-medium">{pair.pair}</span>: {pair.ratio}. Text colour{' '}
                  {pair.text}; background {pair.surface}.{pair.advice ? ` ${pair.advice}` : ''}
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}
