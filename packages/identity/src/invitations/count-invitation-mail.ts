import type { Db, Tx } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { AuthRateLimiter } from '../auth/create-auth-rate-limiter';

/**
 * Counts one invitation mail (an invite or a resend) against `limiter`, before anything is
 * written or sent: first against the inviter (`user:<id>`, so a refused or failing attempt
 * costs only the caller's own budget), then, once `authorize` (a read-only transaction as the
 * actor) has found the workspace the caller may invite into, against that workspace
 * (`workspace:<id>`), so a person who may not invite there cannot use up its budget. Past
 * either budget: `RATE_LIMITED` with `details.retry_after_seconds`, nothing written. The
 * limiter's store is queried outside any transaction (its own pool connection).
 */
export async function countInvitationMail(
  db: Db,
  limiter: AuthRateLimiter,
  actor: WorkspaceContext,
  authorize: (tx: Tx) => Promise<string>,
): Promise<void> {
  await limiter.consume(`user:${actor.user_id}`);
  const workspaceId = await db.withWorkspace(actor, authorize);
  await limiter.consume(`workspace:${workspaceId}`);
}
