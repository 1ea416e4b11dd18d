import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { resolveTheme } from '@aiconnected/theme';
import { ModePreviews } from './mode-previews';

// The theme editor's and the sign-in editor's previews: the draft's CSS must reach exactly the
// two panes (light values in one, dark in the other), which the e2e journeys read by id.
describe('mode previews', () => {
  const theme = resolveTheme([{ workspace_id: 'w', overlay: { light: { primary: '#1d4ed8' } } }]);
  const html = renderToStaticMarkup(
    createElement(ModePreviews, {
      theme,
      idPrefix: 'x-preview',
      paneClassName: 'pane',
      children: (mode: string) => createElement('p', null, `sample ${mode}`),
    }),
  );

  it('scopes the light and dark variables to their own pane', () => {
    const style = /<style>(.*?)<\/style>/s.exec(html)?.[1] ?? '';
    expect(style).toMatch(/#x-preview-light\s*\{[^}]*--primary:\s*224\.?\d* 76/);
    expect(style).toMatch(/#x-preview-dark\s*\{[^}]*--primary:\s*0 0% 98%/);
  });

  it('draws each pane in a labelled section with its id and test id', () => {
    for (const [suffix, label] of [
      ['light', 'Light'],
      ['dark', 'Dark'],
    ]) {
      expect(html).toContain(
        `<section aria-label="${label} preview" class="min-w-0 space-y-2"><h3 class="text-sm font-medium text-muted-foreground">${label}</h3><div id="x-preview-${suffix}" data-testid="x-preview-${suffix}" class="pane"><p>sample ${label}</p></div></section>`,
      );
    }
  });
});
