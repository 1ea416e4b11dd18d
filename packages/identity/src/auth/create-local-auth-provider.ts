import { randomBytes } from 'node:crypto';
import type { Db } from '@aiconnected/db';
import { hashPassword } from '../crypto/hash-password';
import { verifyPassword } from '../crypto/verify-password';
import type { AuthProvider } from './auth-provider';

/** A hash of a random password, made once, to verify against when there is no real one. */
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}

/**
 * The `local` provider (default): users and their scrypt hashes in `user_credentials`.
 * For an unknown email or a user without a credential it still runs one scrypt
 * verification, so the response time does not reveal which emails have accounts.
 */
export function createLocalAuthProvider(): AuthProvider {
  return {
    kind: 'local',
    async authenticate(db, { email, password }) {
      // Read in a short transaction; scrypt runs after it, holding no connection.
      const row = await readCredential(db, email);
      if (!row?.password_hash) {
        await verifyPassword(await getDummyHash(), password);
        return null;
      }
      return (await verifyPassword(row.password_hash, password)) ? { userId: row.id } : null;
    },
  };
}

async function readCredential(db: Db, email: string) {
  return db.withService('auth: read local credential', async (tx) => {
    const { rows } = await tx.query<{ id: string; password_hash: string | null }>(
      `select u.id, c.password_hash
         from public.users u left join public.user_credentials c on c.user_id = u.id
        where u.email = $1`,
      [email],
    );
    return rows[0] ?? null;
  });
}
