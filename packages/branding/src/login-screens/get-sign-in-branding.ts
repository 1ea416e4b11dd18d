import type { Db, Tx } from '@aiconnected/db';
import type { SignInBranding } from '@aiconnected/sdk-contracts';
import { readEffectiveBrandingAssets } from '../assets';
import type { HostWorkspace } from '../domains';
import { readLoginLogo } from './read-login-logo';
import { readLoginScreenChain } from './read-login-screen-chain';
import { resolveLoginScreen } from './resolve-login-screen';

/**
 * The login branding a sign-in page shows for a host (no session): the effective profile of
 * the host's workspace (a verified custom domain or its platform host), else the super
 * baseline. Read as the service: the sign-in page is public, and what it reads is what that
 * page shows anyone. The super workspace's name is not shown (the platform host is the
 * product's own page). The logo is the one the profile picks, else the workspace's effective
 * `login_logo`, else its effective `logo`; the background is its effective `login_background`.
 */
export async function getSignInBranding(
  db: Pick<Db, 'withService'>,
  host: HostWorkspace | null,
): Promise<SignInBranding> {
  return db.withService('branding: the sign-in page branding of a host', async (tx) => {
    const workspaceId = host?.workspace_id ?? (await superWorkspaceId(tx));
    const chain = workspaceId === null ? [] : await readLoginScreenChain(tx, workspaceId);
    const { profile } = resolveLoginScreen(chain);
    const own = chain.at(-1);
    const assets = workspaceId === null ? null : await readEffectiveBrandingAssets(tx, workspaceId);
    const picked =
      profile.logo_asset_id === undefined
        ? null
        : await readLoginLogo(
            tx,
            profile.logo_asset_id,
            chain.map((row) => row.workspace_id),
          );
    return {
      host_kind:
        host === null ? 'platform' : host.kind === 'custom' ? 'custom' : 'workspace_platform_host',
      workspace_name: host === null ? null : (own?.workspace_name ?? null),
      branding_profile: profile,
      logo_url: picked ?? assets?.login_logo?.asset.url ?? assets?.logo?.asset.url ?? null,
      background_url: assets?.login_background?.asset.url ?? null,
    };
  });
}

async function superWorkspaceId(tx: Tx): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    "select id from public.workspaces where type = 'super' limit 1",
  );
  return rows[0]?.id ?? null;
}
