import { randomBytes } from 'node:crypto';

/** What the global setup hands to test files: one server and one migrated template per run. */
export interface TestDatabaseServer {
  /** Superuser URL of the server's maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** The migrated template every `createTestDatabase()` clones. */
  templateDatabase: string;
  /** Random id of this run; every database the run creates carries it in its name. */
  runId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    shellTestDatabaseServer: TestDatabaseServer;
  }
}

/** Name prefix of the test databases of run `runId`; teardown drops exactly these. */
export function testDatabasePrefix(runId: string): string {
  return `shell_t_${runId}_`;
}

/** A fresh random suffix for a database name (lower-case hex, safe unquoted). */
export function randomName(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** `url` with its database replaced by `database`, keeping credentials and parameters. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
