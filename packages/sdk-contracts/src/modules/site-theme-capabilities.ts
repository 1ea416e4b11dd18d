import { z } from 'zod';

/**
 * The site theme capabilities a module's site layer may rely on (manifest
 * `site.requiredSiteCapabilities`, module developer rules). Each names something the shell's
 * site theme provides (packages/theme, the `site-*` token group):
 * - `site-colors`: the `--site-background|foreground|primary|accent|muted(-foreground)` and
 *   `--site-border` colour tokens (`bg-site-*`, `text-site-*`);
 * - `site-typography`: the `--site-font` font stack;
 * - `site-radius`: the `--site-radius` corner radius;
 * - `site-section` and `site-container`: the section and centred-container layout primitives
 *   the developer rules name, built on the tokens above.
 * A module declaring anything else is refused at import (`SITE_CAPABILITY_UNKNOWN`), so a
 * site page never assumes a token the theme does not define.
 */
export const MODULE_SITE_THEME_CAPABILITIES = [
  'site-section',
  'site-container',
  'site-colors',
  'site-typography',
  'site-radius',
] as const;
export type ModuleSiteThemeCapability = (typeof MODULE_SITE_THEME_CAPABILITIES)[number];

export const moduleSiteThemeCapabilitySchema = z.enum(MODULE_SITE_THEME_CAPABILITIES).meta({
  id: 'ModuleSiteThemeCapability',
  description: 'A site theme capability the shell provides, e.g. site-section',
});
