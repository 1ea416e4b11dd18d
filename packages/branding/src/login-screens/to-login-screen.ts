import type { Tx } from '@aiconnected/db';
import type { ActorWorkspaceAccess } from '@aiconnected/access';
import type { LoginScreen, LoginScreenReadOnlyReason } from '@aiconnected/sdk-contracts';
import type { LoginScreenChainRow } from './read-login-screen-chain';
import { readLoginLogo } from './read-login-logo';
import { resolveLoginScreen } from './resolve-login-screen';

/** Why the actor may not save the workspace's login screen now, or null when it may. */
export function loginScreenReadOnlyReason(
  access: ActorWorkspaceAccess,
  policyAllows: boolean,
): LoginScreenReadOnlyReason | null {
  if (!access.capabilities.includes('branding.login.edit')) return 'missing_permission';
  if (access.workspace.type === 'business' && !policyAllows) return 'agency_policy';
  return null;
}

/**
 * The answer of `GET /branding/login-screen` for a chain read by `readLoginScreenChain`,
 * inside the actor's transaction: the effective profile with its sources, the workspace's own
 * profile and version, the policy that applies, and whether the actor may save.
 */
export async function toLoginScreen(
  tx: Tx,
  chain: readonly LoginScreenChainRow[],
  access: ActorWorkspaceAccess,
): Promise<LoginScreen> {
  const workspaceId = access.workspace.id;
  const resolved = resolveLoginScreen(chain);
  const inherited = resolveLoginScreen(chain.filter((row) => row.workspace_id !== workspaceId));
  const own = chain.find((row) => row.workspace_id === workspaceId);
  const policyAllows = resolved.policy?.allowBusinessOverride ?? false;
  const reason = loginScreenReadOnlyReason(access, policyAllows);
  const logoId = resolved.profile.logo_asset_id;
  return {
    workspace_id: workspaceId,
    branding_profile: resolved.profile,
    effective_source_workspace_id: resolved.sourceWorkspaceId,
    field_sources: resolved.fieldSources,
    inherited: {
      branding_profile: inherited.profile,
      field_sources: inherited.fieldSources,
    },
    own_profile: own?.profile ?? null,
    version: own?.version ?? 0,
    allow_business_override: resolved.policy === null ? null : policyAllows,
    policy_workspace_id: resolved.policy?.workspaceId ?? null,
    editable: reason === null,
    read_only_reason: reason,
    logo_url:
      logoId === undefined
        ? null
        : await readLoginLogo(
            tx,
            logoId,
            chain.map((row) => row.workspace_id),
          ),
    chain: chain.map((row, index) => ({
      workspace_id: row.workspace_id,
      name: row.workspace_name,
      type: row.workspace_type,
      version: row.version,
      applies: resolved.applies[index] ?? false,
    })),
  };
}
