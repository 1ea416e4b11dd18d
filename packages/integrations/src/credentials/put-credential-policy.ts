import type { Db } from '@aiconnected/db';
import { recordAudit, translateWriteError, type ActorView } from '@aiconnected/access';
import {
  ShellError,
  type CredentialPolicy,
  type PutCredentialPolicyRequest,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  POLICY_COLUMNS,
  readPolicyRow,
  toCredentialPolicy,
  type CredentialPolicyRow,
} from './credential-policy-row';
import { CREDENTIALS_CAPABILITY, requireCredentialsManager } from './require-credentials-manager';

const FALLBACK_SWITCHES = ['allow_parent_fallback', 'fallback_when_invalid'] as const;

/**
 * The fallback switches of W's policy say whether W may use its parent's credential, so they
 * are its parent's decision (design 13 §1, 046's trigger): changing one needs
 * `credentials.inheritance.manage` in W's parent (the super workspace, which has none: in
 * itself). `PERMISSION_DENIED` names the field.
 */
async function requireSwitchesHolder(
  view: ActorView,
  workspace: { id: string; parentWorkspaceId: string | null },
  field: (typeof FALLBACK_SWITCHES)[number],
): Promise<void> {
  const decider = workspace.parentWorkspaceId ?? workspace.id;
  const access = await view.accessTo(decider);
  if (access?.capabilities.includes(CREDENTIALS_CAPABILITY)) return;
  throw new ShellError(
    'PERMISSION_DENIED',
    `${field} of workspace ${workspace.id}'s credential policy is set in its parent workspace`,
    {
      details: {
        required_permission: CREDENTIALS_CAPABILITY,
        field,
        workspace_id: decider,
      },
    },
  );
}

/** The fields that differ between the stored policy (or the default) and the new one. */
function changedFields(
  before: CredentialPolicy,
  after: PutCredentialPolicyRequest,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const fields = [
    'resolution_order',
    'allow_parent_fallback',
    'fallback_when_invalid',
    'allowed_scopes',
  ] as const;
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes[field] = { from: before[field], to: after[field] };
    }
  }
  return changes;
}

/**
 * `PUT /credentials/policies`: sets the policy of (workspace, provider) (PRD §12.3, §23.5).
 * `credentials.inheritance.manage` in the workspace; the order must start at the workspace's
 * own level (`VALIDATION_BLOCKING`); a fallback switch that changes needs the same capability
 * in the parent (`PERMISSION_DENIED`, `details.field`); `expected_version` must be the stored
 * version (0: no row), else `CONFLICT` with the current one. The version and the history row
 * are written by 046's triggers; a change is audited (`credentials.policy_update`, the changed
 * fields as {from, to}). Writing the same values changes nothing.
 */
export async function putCredentialPolicy(
  db: Db,
  actor: WorkspaceContext,
  body: PutCredentialPolicyRequest,
  options: { correlationId: string },
): Promise<CredentialPolicy> {
  return db.withWorkspace(actor, async (tx) => {
    const { view, access } = await requireCredentialsManager(
      tx,
      actor,
      body.workspace_id,
      'changing a credential policy',
    );
    const { workspace } = access;
    if (body.resolution_order[0] !== workspace.type) {
      throw new ShellError(
        'VALIDATION_BLOCKING',
        `the resolution order of a ${workspace.type} workspace starts at ${workspace.type}`,
        {
          details: {
            issues: [
              {
                path: 'body.resolution_order',
                message: `Must start with this workspace's level (${workspace.type})`,
              },
            ],
          },
        },
      );
    }
    const row = await readPolicyRow(tx, body.workspace_id, body.provider_key, { forUpdate: true });
    const current = toCredentialPolicy(row, workspace, body.provider_key);
    if (current.version !== body.expected_version) throw staleVersion(current.version);
    const changes = changedFields(current, body);
    for (const field of FALLBACK_SWITCHES) {
      if (field in changes) await requireSwitchesHolder(view, workspace, field);
    }
    if (row !== null && Object.keys(changes).length === 0) return current;

    const values = [
      JSON.stringify(body.resolution_order),
      body.allow_parent_fallback,
      body.fallback_when_invalid,
      body.allowed_scopes === null ? null : JSON.stringify(body.allowed_scopes),
      actor.user_id,
      body.workspace_id,
      body.provider_key,
    ];
    const written = await tx
      .query<CredentialPolicyRow>(
        row === null
          ? `insert into public.credential_policies
               (resolution_order_json, allow_parent_fallback, fallback_when_invalid, allowed_scopes,
                updated_by_user_id, workspace_id, provider_key)
             values ($1::jsonb, $2, $3, $4::jsonb, $5, $6, $7)
             returning ${POLICY_COLUMNS}`
          : `update public.credential_policies
                set resolution_order_json = $1::jsonb, allow_parent_fallback = $2,
                    fallback_when_invalid = $3, allowed_scopes = $4::jsonb,
                    updated_by_user_id = $5, updated_at = now()
              where workspace_id = $6 and provider_key = $7
             returning ${POLICY_COLUMNS}`,
        values,
      )
      .catch((error: unknown) =>
        translateWriteError(error, 'changing a credential policy', {
          // Another request created the row after this one read none.
          credential_policies_workspace_id_provider_key_key: () => staleVersion(null),
        }),
      );
    const saved = written.rows[0];
    if (saved === undefined) throw new Error('credentials: the policy row was not written');
    await recordAudit(tx, actor, {
      workspaceId: body.workspace_id,
      action: 'credentials.policy_update',
      targetType: 'credential_policy',
      targetId: saved.id,
      metadata: { provider_key: body.provider_key, version: saved.version, ...changes },
      correlationId: options.correlationId,
    });
    return toCredentialPolicy(saved, workspace, body.provider_key);
  });
}

/** `CONFLICT`: the policy changed since the editor read it (`details.current_version`, when known). */
function staleVersion(currentVersion: number | null): ShellError {
  return new ShellError(
    'CONFLICT',
    'the credential policy changed since it was read: reload it and apply the change again',
    { details: { field: 'expected_version', current_version: currentVersion } },
  );
}
