import { createHash, randomBytes } from 'node:crypto';
import type { Db, Tx } from '@aiconnected/db';
import { ShellError, type IntegrationBackend } from '@aiconnected/sdk-contracts';

/** How long a hosted connect flow may take (migration 045 allows at most 30 minutes). */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

/** Why a callback's state was refused: `details.reason` of INTEGRATION_OAUTH_STATE_INVALID. */
export type OAuthStateRefusal =
  'unknown' | 'replayed' | 'expired' | 'user_mismatch' | 'workspace_mismatch';

/** What a consumed state was bound to. */
export interface ConsumedOAuthState {
  workspaceId: string;
  userId: string;
  backend: IntegrationBackend;
  providerKey: string;
  connectionId: string;
  returnPath: string;
}

/** The token's form: 32 random bytes, base64url (43 characters). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

function refused(reason: OAuthStateRefusal): ShellError {
  return new ShellError('INTEGRATION_OAUTH_STATE_INVALID', `oauth state refused: ${reason}`, {
    details: { reason },
  });
}

/**
 * A new single-use OAuth `state` for a hosted connect flow, bound to the workspace, the user,
 * the provider and the connection; only its sha256 is stored. `tx` must be able to write
 * `integration_oauth_states` (service role: the table has no request privilege).
 */
export async function issueOAuthState(
  tx: Tx,
  input: {
    workspaceId: string;
    userId: string;
    backend: IntegrationBackend;
    providerKey: string;
    connectionId: string;
    returnPath: string;
    ttlMs?: number;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const { rows } = await tx.query<{ expires_at: Date }>(
    `insert into public.integration_oauth_states
       (state_hash, workspace_id, user_id, backend, provider_key, connection_id, return_path, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8::double precision / 1000))
     returning expires_at`,
    [
      hashOf(token),
      input.workspaceId,
      input.userId,
      input.backend,
      input.providerKey,
      input.connectionId,
      input.returnPath,
      input.ttlMs ?? OAUTH_STATE_TTL_MS,
    ],
  );
  return { token, expiresAt: rows[0]?.expires_at ?? new Date() };
}

interface StateRow {
  workspace_id: string;
  user_id: string;
  backend: IntegrationBackend;
  provider_key: string;
  connection_id: string;
  return_path: string;
  connection_workspace_id: string | null;
  consumed_at: Date | null;
  expired: boolean;
}

const SELECT = `s.workspace_id, s.user_id, s.backend, s.provider_key, s.connection_id, s.return_path,
       s.consumed_at, s.expires_at <= now() as expired,
       (select c.workspace_id from public.integration_connections c where c.id = s.connection_id)
         as connection_workspace_id`;

/**
 * Consumes the state `token` for the signed-in `userId`, once: throws
 * INTEGRATION_OAUTH_STATE_INVALID with `details.reason` when it is malformed or unknown
 * (`unknown`), already used (`replayed`), expired (`expired`), issued to another user
 * (`user_mismatch`; the state stays usable for its own user) or its connection is no longer of
 * the state's workspace (`workspace_mismatch`). One conditional UPDATE: two callbacks with the
 * same state cannot both pass.
 */
export async function consumeOAuthState(
  db: Db,
  input: { token: string; userId: string },
): Promise<ConsumedOAuthState> {
  if (!TOKEN.test(input.token)) throw refused('unknown');
  const hash = hashOf(input.token);
  return db.withService('consume an OAuth state', async (tx) => {
    const { rows } = await tx.query<StateRow>(
      `update public.integration_oauth_states s set consumed_at = now()
        where s.state_hash = $1 and s.consumed_at is null and s.user_id = $2
          and s.expires_at > now()
        returning ${SELECT}`,
      [hash, input.userId],
    );
    const row = rows[0];
    if (row === undefined) {
      const { rows: seen } = await tx.query<StateRow>(
        `select ${SELECT} from public.integration_oauth_states s where s.state_hash = $1`,
        [hash],
      );
      const found = seen[0];
      if (found === undefined) throw refused('unknown');
      if (found.consumed_at !== null) throw refused('replayed');
      if (found.expired) throw refused('expired');
      throw refused('user_mismatch');
    }
    if (row.connection_workspace_id !== row.workspace_id) throw refused('workspace_mismatch');
    return {
      workspaceId: row.workspace_id,
      userId: row.user_id,
      backend: row.backend,
      providerKey: row.provider_key,
      connectionId: row.connection_id,
      returnPath: row.return_path,
    };
  });
}
