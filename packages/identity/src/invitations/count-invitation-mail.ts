import type { Db, Tx } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { AuthRateLimiter } from '../auth/create-auth-rate-limiter';

/**
 * Counts one invitation mail (an invite or a resend) against `limiter`, before anything is
 * written or sent, then runs `send` (the write and the mail): first against the inviter
 * (`user:<id>`, so a refused attempt costs only the caller's own budget), then, once
 * `authorize` (a read-only transaction as the actor) has found the workspace the caller may
 * invite into, against that workspace (`workspace:<id>`), so a person who may not invite there
 * cannot use up its budget. Past either budget: `RATE_LIMITED` with
 * `details.retry_after_seconds`, nothing written. When `send` throws after both were counted
 * (an existing member's `CONFLICT`, inviting oneself, an invitation gone meanwhile, the mail
 * failing), both points are given back: no mail went out. The limiter's store is queried
 * outside any transaction (its own pool connection). Without `limiter`, only `send` runs.
 */
export async function countInvitationMail<T>(
  db: Db,
  limiter: AuthRateLimiter | undefined,
  actor: WorkspaceContext,
  authorize: (tx: Tx) => Promise<string>,
  send: () => Promise<T>,
): Promise<T> {
  if (limiter === undefined) return send();
  const inviterKey = `user:${actor.user_id}`;
  const inviterPoint = await limiter.consume(inviterKey);
  const workspaceKey = `workspace:${await db.withWorkspace(actor, authorize)}`;
  const workspacePoint = await limiter.consume(workspaceKey);
  try {
    return await send();
  } catch (error) {
    // The caller gets the failure, not a failing give-back (that point stays spent).
    await Promise.allSettled([inviterPoint.refund(), workspacePoint.refund()]);
    throw error;
  }
}
