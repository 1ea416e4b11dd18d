import type { Db } from '@aiconnected/db';
import { loadActorView, requireWorkspaceCapability } from '@aiconnected/access';
import type {
  CredentialLevel,
  CredentialResolutionResult,
  ResolveCredentialRequest,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { resolutionFailed, resolveCredentialSource } from './resolve-credential-source';

/**
 * `POST /credentials/resolve` (PRD §20.3, §28): where the credential of a provider for a
 * workspace would come from, never the secret. The actor must see the workspace
 * (`WORKSPACE_FORBIDDEN`, checked before anything is looked up or recorded) and hold
 * `credentials.inheritance.manage` there (`PERMISSION_DENIED`). The decision is recorded
 * (caller `api`); a failed one is `CREDENTIAL_RESOLUTION_FAILED` with its reason and
 * decision id.
 */
export async function resolveCredentialForApi(
  db: Db,
  actor: WorkspaceContext,
  request: ResolveCredentialRequest,
  options: { correlationId?: string } = {},
): Promise<CredentialResolutionResult & { resolved_scope: CredentialLevel }> {
  await db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceCapability(
      view,
      request.workspace_id,
      'credentials.inheritance.manage',
      'resolving a credential',
    );
  });
  const result = await resolveCredentialSource(db, {
    workspaceId: request.workspace_id,
    providerKey: request.provider_key,
    providerAccountRef: request.provider_account_ref,
    caller: 'api',
    actorUserId: actor.user_id,
    correlationId: options.correlationId ?? null,
  });
  const scope = result.resolved_scope;
  if (scope === 'none') throw resolutionFailed(result);
  return { ...result, resolved_scope: scope };
}
