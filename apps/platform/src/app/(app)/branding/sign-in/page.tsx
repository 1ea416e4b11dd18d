import type { Metadata } from 'next';
import type { BrandingAssetList, LoginScreen, ThemeState } from '@aiconnected/sdk-contracts';
import { resolveTheme } from '@aiconnected/theme';
import { Forbidden } from '@/components/forbidden';
import { LoginScreenEditor, type LogoOption } from '@/components/login-screen/login-screen-editor';
import { readWorkspaceScope } from '@/lib/workspace-scope';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Sign-in page' };

const LOGO_TYPES = new Set(['logo', 'logo_dark', 'login_logo']);
const TYPE_LABELS: Record<string, string> = {
  logo: 'Logo',
  logo_dark: 'Logo for dark backgrounds',
  login_logo: 'Sign-in logo',
};

/** The logos the page may show: the workspace's clean ones and the ones it inherits. */
function logoOptions(assets: BrandingAssetList | null): LogoOption[] {
  if (assets === null) return [];
  const options = new Map<string, LogoOption>();
  for (const asset of assets.assets) {
    if (LOGO_TYPES.has(asset.asset_type) && asset.scan_status === 'clean' && asset.url) {
      const when = asset.uploaded_at ? new Date(asset.uploaded_at).toISOString().slice(0, 10) : '';
      options.set(asset.id, {
        id: asset.id,
        label:
          `${TYPE_LABELS[asset.asset_type] ?? asset.asset_type}${asset.active ? ' (active)' : ''} ${when}`.trim(),
        url: asset.url,
      });
    }
  }
  for (const effective of Object.values(assets.effective)) {
    const asset = effective?.asset;
    if (effective?.inherited && asset?.url && LOGO_TYPES.has(asset.asset_type)) {
      options.set(asset.id, {
        id: asset.id,
        label: `${TYPE_LABELS[asset.asset_type] ?? asset.asset_type} of ${effective.source_workspace_name}`,
        url: asset.url,
      });
    }
  }
  return [...options.values()];
}

/** An optional read: the editor works without it (fewer logos, the built-in theme). */
async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch {
    return null;
  }
}

/** `/branding/sign-in`: the login-screen profile of the picked workspace, with a live preview. */
export default async function SignInBrandingPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const access = await requirePageAccess('/branding/sign-in');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const { selected } = await readWorkspaceScope(access.context.workspace_id, searchParams);
  if (selected === null) return <Forbidden backHref={access.session.destination} />;
  const id = encodeURIComponent(selected.id);
  const read = await readForPage(() =>
    apiFetch<LoginScreen>(`/branding/login-screen?workspace_id=${id}`),
  );
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const [assets, theme] = await Promise.all([
    optional(() => apiFetch<BrandingAssetList>(`/branding/assets?workspace_id=${id}`)),
    optional(() => apiFetch<ThemeState>(`/themes/current?workspace_id=${id}`)),
  ]);

  return (
    <LoginScreenEditor
      // A new workspace or a newly saved version starts a fresh draft.
      key={`${selected.id}:${read.data.version}:${String(read.data.allow_business_override)}`}
      screen={read.data}
      logos={logoOptions(assets)}
      // What the sign-in page shows when no logo is picked: the sign-in logo, else the logo.
      defaultLogoUrl={
        assets?.effective.login_logo?.asset.url ?? assets?.effective.logo?.asset.url ?? null
      }
      backgroundUrl={assets?.effective.login_background?.asset.url ?? null}
      theme={theme?.effective ?? resolveTheme([])}
      name={selected.type === 'super' ? null : selected.name}
    />
  );
}
