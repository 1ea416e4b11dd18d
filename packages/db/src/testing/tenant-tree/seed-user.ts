import { randomName } from '../test-database-server';
import { insertReturningId, type SeedTarget } from './seed-target';

export type SeedUserStatus = 'active' | 'invited' | 'suspended';

export interface SeedUserInput {
  /** Readable part of the e-mail (`<handle>-<tag>@example.test`); `user` unless given. */
  handle?: string;
  /** The unique part of the e-mail; a fresh random one unless given (a tree passes its own). */
  tag?: string;
  /** `active` unless given. */
  status?: SeedUserStatus;
  displayName?: string | null;
  /** The auth provider's id; a fresh one unless given (a Supabase test maps its own). */
  authUserId?: string;
  /**
   * A scrypt hash (identity's `hashPassword`) stored as the local password; none unless given.
   * Taking the hash keeps this package free of identity, and lets a tree hash once for all.
   */
  passwordHash?: string;
}

export interface SeededUser {
  id: string;
  email: string;
  displayName: string | null;
  authUserId: string;
  status: SeedUserStatus;
}

/** Inserts one user with a unique e-mail (and its password hash when given). */
export async function seedUser(target: SeedTarget, input: SeedUserInput = {}): Promise<SeededUser> {
  const email =
    `${input.handle ?? 'user'}-${input.tag ?? randomName(4)}@example.test`.toLowerCase();
  const status = input.status ?? 'active';
  const displayName = input.displayName ?? null;
  const { rows } = await target.query<{ id: string; auth_user_id: string }>(
    `insert into public.users (email, status, display_name, auth_user_id)
     values ($1, $2, $3, coalesce($4::uuid, gen_random_uuid())) returning id, auth_user_id`,
    [email, status, displayName, input.authUserId ?? null],
  );
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) throw new Error(`user ${email} was not created`);
  if (input.passwordHash !== undefined) {
    await insertReturningId(
      target,
      'insert into public.user_credentials (user_id, password_hash) values ($1, $2) returning user_id as id',
      [row.id, input.passwordHash],
    );
  }
  return { id: row.id, email, displayName, authUserId: row.auth_user_id, status };
}
