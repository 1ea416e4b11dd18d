import type { Db, Tx } from '@aiconnected/db';
import { openSecret, type SealedSecret, type SecretKeyRing } from '@aiconnected/secrets';
import { webhookSecretAad } from './credential-secrets';

interface SealedRow {
  id: string;
  installation_id: string;
  sealed_secret: SealedSecret;
}

async function readSecrets(tx: Tx, installationId: string, ring: SecretKeyRing) {
  const { rows } = await tx.query<SealedRow>(
    `select c.id, c.installation_id, c.sealed_secret
       from public.module_installation_credentials c
      where c.installation_id = $1 and c.kind = 'webhook_secret'
        and c.revoked_at is null and (c.expires_at is null or c.expires_at > now())
      order by c.created_at desc, c.id desc`,
    [installationId],
  );
  return rows.map((row) =>
    openSecret(ring, row.sealed_secret, webhookSecretAad(row.id, row.installation_id)),
  );
}

/**
 * The active webhook secrets of an installation (`whsec_...`), newest first: one, or two
 * while a rotation overlaps. Opened with `ring` (a secret sealed under a KEK the ring lacks,
 * or moved from another row, throws `SealedSecretError`). With a `Db` it reads as the service;
 * with a `Tx` the caller's transaction must already run as the service.
 */
export async function webhookSecretsOf(
  handle: Db | Tx,
  installationId: string,
  ring: SecretKeyRing,
): Promise<string[]> {
  if ('withService' in handle) {
    return handle.withService('read webhook secrets to sign a delivery', (tx) =>
      readSecrets(tx, installationId, ring),
    );
  }
  return readSecrets(handle, installationId, ring);
}
