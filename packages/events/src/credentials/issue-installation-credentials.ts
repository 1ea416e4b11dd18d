import { randomUUID } from 'node:crypto';
import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import { loadActorView, recordAudit } from '@aiconnected/access';
import { requireModuleManager } from '@aiconnected/modules';
import {
  INSTALLATION_CREDENTIAL_KINDS,
  type InstallationCredentialKind,
  type IssuedCredentials,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { sealSecret, type SecretKeyRing } from '@aiconnected/secrets';
import {
  credentialPrefix,
  hashApiKey,
  newApiKey,
  newWebhookSecret,
  webhookSecretAad,
} from './credential-secrets';
import { installationOf, type CredentialInstallation } from './installation-of';

export interface IssueInstallationCredentialsInput {
  workspaceId: string;
  moduleKey: string;
  /** What to issue (default both). */
  kinds?: readonly InstallationCredentialKind[];
  /** How long the previous active ones of those kinds keep working (hours, default 24; 0 revokes them now). */
  overlapHours?: number;
  /** Seals the webhook secret (SHELL_SECRET_KEYS). */
  ring: SecretKeyRing;
  correlationId: string;
}

type IssuedSecret = NonNullable<IssuedCredentials['api_key']>;

/** Ends the active credentials of `kinds`: at the end of the overlap, or now; answers when. */
async function endPrevious(
  tx: Tx,
  installationId: string,
  kinds: readonly InstallationCredentialKind[],
  overlapHours: number,
): Promise<string | null> {
  const { rows } = await tx.query<{ ends_at: Date }>(
    `update public.module_installation_credentials c
        set revoked_at = case when $3 = 0 then now() else c.revoked_at end,
            expires_at = case when $3 = 0 then c.expires_at
                              else least(coalesce(c.expires_at, 'infinity'),
                                         now() + make_interval(hours => $3)) end
      where c.installation_id = $1 and c.kind = any($2::text[])
        and c.revoked_at is null and (c.expires_at is null or c.expires_at > now())
      returning coalesce(c.revoked_at, c.expires_at) as ends_at`,
    [installationId, kinds, overlapHours],
  );
  const ends = rows.map((row) => row.ends_at.getTime());
  return ends.length === 0 ? null : new Date(Math.max(...ends)).toISOString();
}

async function insertCredential(
  tx: Tx,
  installation: CredentialInstallation,
  kind: InstallationCredentialKind,
  actor: WorkspaceContext,
  ring: SecretKeyRing,
): Promise<IssuedSecret> {
  const id = randomUUID();
  const secret = kind === 'api_key' ? newApiKey() : newWebhookSecret();
  const prefix = credentialPrefix(secret);
  await tx.query(
    `insert into public.module_installation_credentials
       (id, installation_id, workspace_id, kind, prefix, secret_hash, sealed_secret, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      installation.id,
      installation.workspace_id,
      kind,
      prefix,
      kind === 'api_key' ? hashApiKey(secret) : null,
      kind === 'webhook_secret'
        ? JSON.stringify(sealSecret(ring, secret, webhookSecretAad(id, installation.id)))
        : null,
      actor.user_id,
    ],
  );
  return { id, prefix, secret };
}

/**
 * Issues (rotates) credentials of a module's installation in a workspace (docs/events.md
 * "Installation credentials"): `modules.install` there (`requireModuleManager`: scope,
 * capability, the agency's policy for a business); `NOT_FOUND` unless the module is installed
 * (installed, enabled or disabled). Each kind gets a new secret, and the previous active ones
 * of that kind end after `overlapHours` (0: revoked now). The API key is stored as its
 * SHA-256, the webhook secret sealed (`ring`); both are answered here once and never again.
 * Audited as `module.credentials_issue` (ids and prefixes, never a secret).
 */
export async function issueInstallationCredentials(
  db: Db,
  actor: WorkspaceContext,
  input: IssueInstallationCredentialsInput,
): Promise<IssuedCredentials> {
  const kinds = INSTALLATION_CREDENTIAL_KINDS.filter((kind) =>
    (input.kinds ?? INSTALLATION_CREDENTIAL_KINDS).includes(kind),
  );
  const overlapHours = input.overlapHours ?? 24;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireModuleManager(
      tx,
      view,
      input.workspaceId,
      'modules.install',
      'issuing module credentials',
    );
    const issued = await asServiceRole(tx, 'issue module installation credentials', async () => {
      const installation = await installationOf(tx, { ...input, lock: true, installedOnly: true });
      const previousExpireAt = await endPrevious(tx, installation.id, kinds, overlapHours);
      const credentials: IssuedCredentials = { previous_expire_at: previousExpireAt };
      for (const kind of kinds) {
        credentials[kind] = await insertCredential(tx, installation, kind, actor, input.ring);
      }
      return credentials;
    });
    const secrets = kinds.map((kind) => issued[kind]).filter((item) => item !== undefined);
    await recordAudit(tx, actor, {
      workspaceId: input.workspaceId,
      action: 'module.credentials_issue',
      targetType: 'module_installation',
      targetId: input.moduleKey,
      metadata: {
        module_key: input.moduleKey,
        kinds,
        credential_ids: secrets.map((item) => item.id),
        prefixes: secrets.map((item) => item.prefix),
        overlap_hours: overlapHours,
        previous_expire_at: issued.previous_expire_at,
      },
      correlationId: input.correlationId,
    });
    return issued;
  });
}
