/** Settings of the test harness; the only place it reads `process.env`. */
export interface TestHarnessEnv {
  /** An existing server to create test databases on; null starts embedded Postgres. */
  databaseUrl: string | null;
}

/** Reads and checks the harness settings, failing fast on a malformed `DATABASE_URL`. */
export function readTestHarnessEnv(): TestHarnessEnv {
  const raw = process.env.DATABASE_URL?.trim();
  if (!raw) return { databaseUrl: null };
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new Error('DATABASE_URL is not a URL; expected postgres://user@host:port/database');
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, not ${protocol}//`);
  }
  return { databaseUrl: raw };
}
