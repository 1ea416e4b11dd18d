'use client';

import { useId } from 'react';
import { TriangleAlert } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@aiconnected/ui';
import { contrastPairViews, type SourceNames } from './source-names';
import type { ThemeDraft } from './use-theme-draft';

/**
 * The draft's contrast problems, live while editing: per failing pair its ratio and who set
 * each of its two colours, so the editor knows which one to change (or whom to ask when both
 * are inherited). The polite live region is always in the page, so screen readers hear the
 * warning appear, change and go as values are typed.
 */
export function ContrastWarning({ theme, context }: { theme: ThemeDraft; context: SourceNames }) {
  const titleId = useId();
  const pairs = contrastPairViews(theme.contrast, theme.preview, context);
  return (
    <div role="status" aria-live="polite" data-testid="contrast-warning">
      {pairs.length > 0 ? (
        <Alert variant="destructive" role="group" aria-labelledby={titleId}>
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
