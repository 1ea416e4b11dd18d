import type { Db } from '@aiconnected/db';
import type { GoverningMembership } from '@aiconnected/permissions';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { hashToken, isTokenShaped } from '../crypto/hash-token';
import { toSessionRecord, type SessionRecord, type SessionRow } from '../sessions/session-record';
import { toGoverningMemberships, type GoverningRow } from '@aiconnected/access';
import { sessionContext } from './resolve-workspace-context';

/** A live session and the context of its request. */
export interface AuthenticatedSession {
  session: SessionRecord;
  /** Null when the session has no active workspace or the user no longer governs it. */
  context: WorkspaceContext | null;
  /**
   * The user's memberships governing the active workspace, which `context` was computed from
   * (what `loadActorView` reads for it); empty when `context` is null. For rules that depend on
   * how the workspace is governed (a module page's `minimumRole`) without reading them again.
   */
  memberships: readonly GoverningMembership[];
}

/**
 * A live session's row with the memberships governing its active workspace (as
 * shell.resolve_session answers it, migration 019).
 */
export interface ResolvedSessionRow extends SessionRow {
  governing: GoverningRow | null;
}

/**
 * The `AuthenticatedSession` of a live session's row: its record, the request context its
 * governing memberships give (null without an active workspace it still governs) and those
 * memberships (empty without a context).
 */
export function authenticatedFromRow(row: ResolvedSessionRow): AuthenticatedSession {
  const { governing, ...sessionRow } = row;
  const session = toSessionRecord(sessionRow);
  const governingMemberships = toGoverningMemberships(governing);
  const context = sessionContext(session, governingMemberships);
  return {
    session,
    context,
    memberships: context ? (governingMemberships?.memberships ?? []) : [],
  };
}

/**
 * The session a token belongs to and its request context, in one database call
 * (shell.resolve_session: one round trip, plans cached per connection): the auth guard's
 * hot path. Null unless the session is live: known, not revoked, not expired, and its user
 * `active` (a suspended user's sessions stop working at once). Records activity in
 * `last_seen_at`, at most once a minute.
 */
export async function authenticateSession(
  db: Db,
  token: string,
): Promise<AuthenticatedSession | null> {
  if (!isTokenShaped(token)) return null;
  const [row] = await db.callService<ResolvedSessionRow>(
    'auth: resolve request session',
    'shell.resolve_session',
    [hashToken(token)],
  );
  return row === undefined ? null : authenticatedFromRow(row);
}
