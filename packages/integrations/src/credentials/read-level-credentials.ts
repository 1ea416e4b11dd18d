import type { Tx } from '@aiconnected/db';
import type { LevelCredential } from './decide-credential-source';

/** What one workspace holds for a provider, and the connection of a valid credential. */
export interface HeldCredential {
  credential: LevelCredential;
  connectionId: string | null;
}

interface HeldRow {
  workspace_id: string;
  valid_connection_id: string | null;
  has_invalid: boolean;
}

/**
 * What each of `workspaceIds` holds for `providerKey` (design 13 §0), read from
 * `integration_connections` as the service inside `tx`:
 * - valid: an `active` row whose credential has not lapsed (`credential_expires_at` null or
 *   later than now); of several, the one named `providerAccountRef`, else the newest
 *   `connected_at`, then the greatest id;
 * - invalid: no valid row, but an `expired` or `failed` one, or an active one whose credential
 *   lapsed;
 * - none: no row, or only `initiated` and `revoked` ones (absent from the map).
 */
export async function readLevelCredentials(
  tx: Tx,
  input: { workspaceIds: readonly string[]; providerKey: string; providerAccountRef?: string },
): Promise<Map<string, HeldCredential>> {
  const held = new Map<string, HeldCredential>();
  if (input.workspaceIds.length === 0) return held;
  const { rows } = await tx.query<HeldRow>(
    `select c.workspace_id,
            (array_agg(c.id order by (c.provider_account_ref = $3) desc nulls last,
                                     c.connected_at desc nulls last, c.id desc)
               filter (where c.status = 'active'
                         and (c.credential_expires_at is null or c.credential_expires_at > now())))[1]
              as valid_connection_id,
            coalesce(bool_or(c.status in ('expired', 'failed')
                             or (c.status = 'active' and c.credential_expires_at <= now())), false)
              as has_invalid
       from public.integration_connections c
      where c.workspace_id = any ($1::uuid[]) and c.provider_key = $2
      group by c.workspace_id`,
    [input.workspaceIds, input.providerKey, input.providerAccountRef ?? null],
  );
  for (const row of rows) {
    if (row.valid_connection_id !== null) {
      held.set(row.workspace_id, { credential: 'valid', connectionId: row.valid_connection_id });
    } else if (row.has_invalid) {
      held.set(row.workspace_id, { credential: 'invalid', connectionId: null });
    }
  }
  return held;
}
