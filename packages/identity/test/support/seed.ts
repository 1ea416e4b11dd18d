import { randomBytes } from 'node:crypto';
import type pg from 'pg';

// Seeds rows as the test superuser (around RLS). Every name and email is random, so test
// files and tests never collide.

/** A short random tag for unique values. */
export function tag(): string {
  return randomBytes(4).toString('hex');
}

async function one<T extends pg.QueryResultRow>(admin: pg.Pool, sql: string, params: unknown[]) {
  const { rows } = await admin.query<T>(sql, params);
  const [row] = rows;
  if (!row) throw new Error(`no row from: ${sql}`);
  return row;
}

/** Creates the super workspace (one per database) and returns its id. */
export async function createSuperWorkspace(admin: pg.Pool): Promise<string> {
  const row = await one<{ id: string }>(
    admin,
    "insert into public.workspaces (type, name) values ('super', 'Identity test platform') returning id",
    [],
  );
  return row.id;
}

/** Creates an agency under `superId` (status `active` unless given). */
export async function createAgency(
  admin: pg.Pool,
  superId: string,
  status: 'active' | 'suspended' = 'active',
): Promise<string> {
  const row = await one<{ id: string }>(
    admin,
    "insert into public.workspaces (type, parent_workspace_id, name, status) values ('agency', $1, $2, $3) returning id",
    [superId, `Agency ${tag()}`, status],
  );
  return row.id;
}

export interface SeededUser {
  id: string;
  email: string;
  authUserId: string;
}

/** Creates a user with a unique email (`active` unless given). */
export async function createUser(
  admin: pg.Pool,
  options: { status?: 'active' | 'invited' | 'suspended'; authUserId?: string } = {},
): Promise<SeededUser> {
  const email = `identity-${tag()}@example.test`;
  const row = await one<{ id: string; auth_user_id: string }>(
    admin,
    `insert into public.users (email, status, auth_user_id)
     values ($1, $2, coalesce($3::uuid, gen_random_uuid())) returning id, auth_user_id`,
    [email, options.status ?? 'active', options.authUserId ?? null],
  );
  return { id: row.id, email, authUserId: row.auth_user_id };
}

/** Adds an agency membership (`agency_user`, active unless given). */
export async function addAgencyMembership(
  admin: pg.Pool,
  input: { userId: string; workspaceId: string; active?: boolean },
): Promise<void> {
  await admin.query(
    "insert into public.workspace_memberships (workspace_id, user_id, role_template, active) values ($1, $2, 'agency_user', $3)",
    [input.workspaceId, input.userId, input.active ?? true],
  );
}
