import type { Db } from '@aiconnected/db';
import { loadActorView } from '@aiconnected/access';
import { requireModuleManager } from '@aiconnected/modules';
import type {
  InstallationCredentialKind,
  InstallationCredentialView,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { installationOf } from './installation-of';

interface CredentialRow {
  id: string;
  kind: InstallationCredentialKind;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  active: boolean;
}

export interface ListInstallationCredentialsInput {
  workspaceId: string;
  moduleKey: string;
}

/**
 * The credentials of a module's installation in a workspace, newest first, without their
 * secrets (prefixes only): `modules.install` there (`requireModuleManager`); `NOT_FOUND` when
 * the workspace never installed the module. Read through RLS (migration 040's select policy).
 */
export async function listInstallationCredentials(
  db: Db,
  actor: WorkspaceContext,
  input: ListInstallationCredentialsInput,
): Promise<InstallationCredentialView[]> {
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireModuleManager(
      tx,
      view,
      input.workspaceId,
      'modules.install',
      'listing module credentials',
    );
    const installation = await installationOf(tx, input);
    const { rows } = await tx.query<CredentialRow>(
      `select c.id, c.kind, c.prefix, c.created_at, c.expires_at, c.revoked_at,
              (c.revoked_at is null and (c.expires_at is null or c.expires_at > now())) as active
         from public.module_installation_credentials c
        where c.installation_id = $1 and c.workspace_id = $2
        order by c.created_at desc, c.kind, c.id`,
      [installation.id, input.workspaceId],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      prefix: row.prefix,
      created_at: row.created_at.toISOString(),
      expires_at: row.expires_at?.toISOString() ?? null,
      revoked_at: row.revoked_at?.toISOString() ?? null,
      active: row.active,
    }));
  });
}
