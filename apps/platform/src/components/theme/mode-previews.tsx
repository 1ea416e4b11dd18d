import type { ReactNode } from 'react';
import { themeToCss, type ResolvedTheme } from '@aiconnected/theme';

const MODES = [
  { suffix: 'light', label: 'Light' },
  { suffix: 'dark', label: 'Dark' },
] as const;

/**
 * A theme in both modes side by side: the engine's CSS for it, scoped to two panes
 * (`<idPrefix>-light`, `<idPrefix>-dark`), so what is shown is exactly what saving would emit
 * (values are normal form only, hence safe in a style element). `children` draws one pane.
 */
export function ModePreviews({
  theme,
  idPrefix,
  paneClassName,
  children,
}: {
  theme: ResolvedTheme;
  idPrefix: string;
  paneClassName?: string;
  children: (mode: 'Light' | 'Dark') => ReactNode;
}) {
  const css = themeToCss(theme, {
    selector: `#${idPrefix}-light`,
    darkSelector: `#${idPrefix}-dark`,
  });
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <style dangerouslySetInnerHTML={{ __html: css }} />
      {MODES.map(({ suffix, label }) => (
        <section key={suffix} aria-label={`${label} preview`} className="min-w-0 space-y-2">
          <h3 className="text-sm font-medium text-muted-foreground">{label}</h3>
          <div
            id={`${idPrefix}-${suffix}`}
            data-testid={`${idPrefix}-${suffix}`}
            className={paneClassName}
          >
            {children(label)}
          </div>
        </section>
      ))}
    </div>
  );
}
