import type { Db } from '@aiconnected/db';
import { workspaceForbidden } from '@aiconnected/access';
import { ShellError, type CredentialResolutionResult } from '@aiconnected/sdk-contracts';
import { decideCredentialSource } from './decide-credential-source';
import { readResolutionChain } from './read-resolution-chain';

/** Who asks for a resolution, as the decision row records it. */
export interface ResolutionRequest {
  workspaceId: string;
  providerKey: string;
  providerAccountRef?: string;
  /** `api`: POST /credentials/resolve (never a secret); `server`: resolveCredential in process. */
  caller: 'api' | 'server';
  actorUserId?: string | null;
  moduleKey?: string | null;
  correlationId?: string | null;
}

/**
 * Decides where the credential of `request.providerKey` for `request.workspaceId` comes from
 * (readResolutionChain, then decideCredentialSource) and records the decision: every call
 * writes exactly one `credential_resolution_decisions` row, in its own service transaction,
 * whatever the outcome (PRD §23.5's metadata; the table is the audit record of resolutions).
 * The caller has checked the actor's access first; a workspace that does not exist is
 * `WORKSPACE_FORBIDDEN` and records nothing (nothing was decided). Never reads a secret.
 */
export async function resolveCredentialSource(
  db: Db,
  request: ResolutionRequest,
): Promise<CredentialResolutionResult> {
  return db.withService(`credentials: resolve ${request.providerKey}`, async (tx) => {
    const { found, agencyWorkspaceId, chain } = await readResolutionChain(tx, request);
    if (!found) throw workspaceForbidden(request.workspaceId);
    const decision = decideCredentialSource(chain);
    const { rows } = await tx.query<{ id: string }>(
      `insert into public.credential_resolution_decisions
         (workspace_id, agency_workspace_id, provider_key, outcome, resolved_scope,
          source_workspace_id, connection_id, reason, steps, caller, actor_user_id, module_key,
          correlation_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10,
               (select id from public.users where id = $11), $12, $13)
       returning id`,
      [
        request.workspaceId,
        agencyWorkspaceId,
        request.providerKey,
        decision.outcome,
        decision.resolvedScope,
        decision.sourceWorkspaceId,
        decision.connectionId,
        decision.reason,
        JSON.stringify(decision.steps),
        request.caller,
        request.actorUserId ?? null,
        request.moduleKey ?? null,
        request.correlationId ?? null,
      ],
    );
    const decisionId = rows[0]?.id;
    if (decisionId === undefined) throw new Error('credentials: the decision row was not written');
    return {
      decision_id: decisionId,
      workspace_id: request.workspaceId,
      provider_key: request.providerKey,
      resolved_scope: decision.resolvedScope,
      source_workspace_id: decision.sourceWorkspaceId,
      connection_id: decision.connectionId,
      used_parent_fallback: decision.reason === 'parent_fallback',
      reason: decision.reason,
    };
  });
}

/** `CREDENTIAL_RESOLUTION_FAILED` for a recorded failed resolution (`details.reason`, `details.decision_id`). */
export function resolutionFailed(result: CredentialResolutionResult): ShellError {
  return new ShellError(
    'CREDENTIAL_RESOLUTION_FAILED',
    `no credential of ${result.provider_key} for workspace ${result.workspace_id}: ${result.reason}`,
    { details: { reason: result.reason, decision_id: result.decision_id } },
  );
}
