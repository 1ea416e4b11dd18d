import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { colorToHex, normalColor, resolveTheme, type ResolvedTheme } from '@aiconnected/theme';
import type { BrandingProfile, LoginScreen } from '@aiconnected/sdk-contracts';
import { LoginScreenEditor } from './login-screen-editor';

// The editor refreshes the page after a save; rendering it needs no router beyond that.
vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: () => undefined }) }));

const AGENCY = '00000000-0000-4000-8000-00000000000a';
const BUSINESS = '00000000-0000-4000-8000-00000000000b';

function screenOf(own: BrandingProfile | null, inherited: BrandingProfile): LoginScreen {
  const sources = (profile: BrandingProfile, id: string) =>
    Object.fromEntries(Object.keys(profile.colors ?? {}).map((key) => [`colors.${key}`, id]));
  return {
    workspace_id: BUSINESS,
    branding_profile: { ...inherited, ...own },
    effective_source_workspace_id: null,
    field_sources: {},
    inherited: { branding_profile: inherited, field_sources: sources(inherited, AGENCY) },
    own_profile: own,
    version: own === null ? 0 : 1,
    allow_business_override: true,
    policy_workspace_id: AGENCY,
    editable: true,
    read_only_reason: null,
    logo_url: null,
    chain: [
      { workspace_id: AGENCY, name: 'Northwind', type: 'agency', version: 1, applies: true },
      { workspace_id: BUSINESS, name: 'Acme', type: 'business', version: null, applies: true },
    ],
  };
}

/** The primary and secondary colour pickers' values as the editor renders them. */
function swatches(screen: LoginScreen, theme: ResolvedTheme): string[] {
  const html = renderToStaticMarkup(
    createElement(LoginScreenEditor, {
      screen,
      logos: [],
      defaultLogoUrl: null,
      backgroundUrl: null,
      theme,
      name: null,
    }),
  );
  const pickers = html.match(/<input type="color"[^>]*>/g) ?? [];
  return pickers.map((input) => /value="([^"]*)"/.exec(input)?.[1] ?? 'none');
}

const hex = (colour: string) => colorToHex(colour);

describe('login screen editor colour swatches', () => {
  it('show the theme’s colours in use when no workspace sets one (not black)', () => {
    const theme = resolveTheme([
      { workspace_id: AGENCY, overlay: { light: { primary: '#1d4ed8', secondary: '#f59e0b' } } },
    ]);
    expect(swatches(screenOf(null, {}), theme)).toStrictEqual([hex('#1d4ed8'), hex('#f59e0b')]);
    // The built-in theme's, likewise.
    const builtIn = resolveTheme([]);
    expect(swatches(screenOf(null, {}), builtIn)).toStrictEqual([
      hex(builtIn.light.primary.value),
      hex(builtIn.light.secondary.value),
    ]);
    expect(swatches(screenOf(null, {}), builtIn)).not.toContain('#000000');
  });

  it('show the inherited login colour, and the workspace’s own over it', () => {
    const theme = resolveTheme([]);
    const inherited = { colors: { primary: normalColor('#15803d') } };
    expect(swatches(screenOf(null, inherited), theme)).toStrictEqual([
      hex('#15803d'),
      hex(theme.light.secondary.value),
    ]);
    const own = { colors: { secondary: normalColor('#b91c1c') } };
    expect(swatches(screenOf(own, inherited), theme)).toStrictEqual([
      hex('#15803d'),
      hex('#b91c1c'),
    ]);
  });
});
