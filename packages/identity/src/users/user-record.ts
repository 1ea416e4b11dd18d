import type { User, UserStatus } from '@aiconnected/sdk-contracts';

/** A `users` row as pg returns `USER_COLUMNS`. */
export interface UserRow {
  id: string;
  email: string;
  display_name: string | null;
  status: UserStatus;
  created_at: Date;
  updated_at: Date;
}

/** The columns every user query selects, in `UserRow` shape. */
export const USER_COLUMNS = 'u.id, u.email, u.display_name, u.status, u.created_at, u.updated_at';

/** The API shape of a user row (timestamps as RFC 3339 strings). */
export function toUserRecord(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    display_name: row.display_name,
    status: row.status,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
