import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { contrastProblems, resolveTheme, type ThemeOverlay } from '@aiconnected/theme';
import { ContrastWarning } from './contrast-warning';
import { contrastPairViews, type SourceNames } from './source-names';
import { useThemeDraft } from './use-theme-draft';

// A baseline, an agency and the business being edited: who set which colour is what the
// editor's warning must say, live, before anything is saved.
const SUPER = 'ws-super';
const AGENCY = 'ws-agency';
const BUSINESS = 'ws-business';
const context: SourceNames = {
  workspaceId: BUSINESS,
  names: { [SUPER]: 'the platform baseline', [AGENCY]: 'Northwind Agency', [BUSINESS]: 'Acme' },
};

function inheritedFrom(agency: ThemeOverlay) {
  return resolveTheme([
    { workspace_id: SUPER, overlay: { light: { primary: '#f5f5f5' } } },
    { workspace_id: AGENCY, overlay: agency },
  ]);
}

/** The warning as the editor renders it for `draft` on top of `inherited`. */
function render(draft: ThemeOverlay, inherited: ReturnType<typeof inheritedFrom>): string {
  function Harness() {
    const theme = useThemeDraft(draft, inherited, BUSINESS);
    return createElement(ContrastWarning, { theme, context });
  }
  return renderToStaticMarkup(createElement(Harness));
}

describe('theme editor contrast warning', () => {
  it('names, per failing pair, the ratio and who set each colour', () => {
    // The agency's white text on the baseline's near-white primary; the business sets nothing.
    const inherited = inheritedFrom({ light: { 'primary-foreground': '#ffffff' } });
    const views = contrastPairViews(contrastProblems(inherited), inherited, context);
    expect(views).toEqual([
      {
        key: 'light.primary',
        pair: 'primary-foreground on primary (light)',
        ratio: expect.stringMatching(/^1\.\d+:1, needs 4\.5:1$/),
        text: 'from Northwind Agency',
        surface: 'from the platform baseline',
        advice: 'Neither colour is set here: set your own value for one of them.',
      },
    ]);
  });

  it('says which colour the draft set here, and the default for one nobody set', () => {
    const inherited = resolveTheme([]);
    const draft = { dark: { 'muted-foreground': '#303030' } };
    const html = render(draft, inherited);
    expect(html).toContain('muted-foreground on muted (dark)');
    expect(html).toContain('Text colour set here; background the default.');
    expect(html).not.toContain('Neither colour is set here');
  });

  it('tells the editor to ask when both inherited colours are locked above', () => {
    const inherited = resolveTheme([
      { workspace_id: SUPER, overlay: { light: { primary: '#f5f5f5' }, locks: ['primary'] } },
      {
        workspace_id: AGENCY,
        overlay: { light: { 'primary-foreground': '#ffffff' }, locks: ['primary-foreground'] },
      },
    ]);
    const [view] = contrastPairViews(contrastProblems(inherited), inherited, context);
    expect(view?.text).toBe('from Northwind Agency, locked by Northwind Agency');
    expect(view?.surface).toBe('from the platform baseline, locked by the platform baseline');
    expect(view?.advice).toMatch(/both are locked: ask whoever locked them/);
  });

  it('is a polite live region that is in the page even while nothing fails', () => {
    const inherited = resolveTheme([]);
    const clean = render({}, inherited);
    expect(clean).toBe(
      '<div data-testid="contrast-warning"><p role="status" aria-live="polite" class="sr-only">' +
        'No colour pair is hard to read.</p></div>',
    );

    const failing = render({ light: { primary: '#9ca3af' } }, inherited);
    expect(liveText(failing)).toBe('1 colour pair is hard to read.');
    expect(failing).toContain('Text would be hard to read');
    // The alert beside it is a labelled group, not a second (assertive) live region.
    expect(failing).not.toContain('role="alert"');
    expect(failing).toMatch(/<div role="group"[^>]*aria-labelledby="([^"]+)".*<h5[^>]*id="\1"/);
    expect(failing).toContain('primary-foreground on primary (light)');
    expect(failing).toContain('Text colour the default; background set here.');
  });

  it('announces how many pairs fail, not each ratio as it changes with every keystroke', () => {
    const inherited = resolveTheme([]);
    const lighter = render({ light: { primary: '#d1d5db' } }, inherited);
    const darker = render({ light: { primary: '#9ca3af' } }, inherited);
    // The details differ with each value typed; the live region does not.
    expect(ratios(lighter)).not.toEqual(ratios(darker));
    expect(liveText(lighter)).toBe(liveText(darker));
    expect(liveText(lighter)).not.toMatch(/:1/);

    const two = render(
      { light: { primary: '#9ca3af' }, dark: { 'muted-foreground': '#303030' } },
      inherited,
    );
    expect(liveText(two)).toBe('2 colour pairs are hard to read.');
    expect(ratios(two)).toHaveLength(2);
  });
});

/** The text of the one live region in `html`. */
function liveText(html: string): string | undefined {
  const regions = [...html.matchAll(/<p role="status" aria-live="polite"[^>]*>([^<]*)<\/p>/g)];
  expect(regions).toHaveLength(1);
  expect(html.match(/aria-live|role="status"/g)).toHaveLength(2);
  return regions[0]?.[1];
}

/** The ratios the detailed list shows. */
function ratios(html: string): string[] {
  return html.match(/\d+(\.\d+)?:1, needs/g) ?? [];
}
