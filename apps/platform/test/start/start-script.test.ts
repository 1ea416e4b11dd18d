import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, MIGRATIONS_DIR } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { findFreePort } from '../../e2e/support/free-port';
import { runStartScript, type StartScriptRun } from './run-start-script';

// `npm start` stops with exit code 1 and one message on stderr when it cannot run; each case
// here fails before the build and before serving, so the whole file takes seconds.

/** A postgres:// URL on a port nothing listens on. */
async function unreachableDatabaseUrl(): Promise<{ url: string; port: number }> {
  const port = await findFreePort();
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port };
}

/** The run ended as a refused start: exit 1, no process left, nothing built or served. */
function expectRefused(run: StartScriptRun): void {
  expect(run.code).toBe(1);
  expect(run.leftover).toStrictEqual([]);
  expect(run.stdout).not.toMatch(/Building|is running at/);
}

/** The message of a refused start, without the blank lines around it. */
function messageOf(run: StartScriptRun): string {
  return run.stderr.trim();
}

describe('npm start refuses to start', { timeout: 90_000 }, () => {
  it('when the port is already taken', async () => {
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen({ port: 0 }, resolve));
    const address = listener.address();
    const port = address && typeof address === 'object' ? address.port : 0;
    try {
      const run = await runStartScript({
        PORT: String(port),
        DATABASE_URL: (await unreachableDatabaseUrl()).url,
      });

      expectRefused(run);
      expect(messageOf(run)).toBe(
        `✖ Port ${port} is already in use. Stop whatever is listening there, or start with PORT=<another port>.`,
      );
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('when DATABASE_URL points at a server that is not there', async () => {
    const database = await unreachableDatabaseUrl();

    const run = await runStartScript({
      PORT: String(await findFreePort()),
      DATABASE_URL: database.url,
    });

    expectRefused(run);
    expect(messageOf(run)).toBe(
      `✖ Cannot reach the database at 127.0.0.1:${database.port}/postgres: connect ECONNREFUSED 127.0.0.1:${database.port}. ` +
        'Check DATABASE_URL, or unset it to use the embedded default.',
    );
  });

  it('on PLATFORM_ENV=production without the PLATFORM_* URLs, naming each of them', async () => {
    const run = await runStartScript({
      PLATFORM_ENV: 'production',
      PORT: String(await findFreePort()),
      DATABASE_URL: (await unreachableDatabaseUrl()).url,
    });

    expectRefused(run);
    expect(messageOf(run).split('\n')).toStrictEqual([
      '✖ Invalid environment:',
      '  - PLATFORM_PUBLIC_BASE_URL is required when PLATFORM_ENV=production',
      '  - PLATFORM_AUTH_CALLBACK_URL is required when PLATFORM_ENV=production',
      '  - PLATFORM_COOKIE_DOMAIN is required when PLATFORM_ENV=production',
      '  - PLATFORM_ALLOWED_ORIGINS is required when PLATFORM_ENV=production',
      '  - PLATFORM_CUSTOM_DOMAIN_ROOT is required when PLATFORM_ENV=production',
      '  - MAIL_TRANSPORT is required when PLATFORM_ENV=production',
    ]);
  });
});

describe('npm start refuses to start when migrating fails', { timeout: 90_000 }, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('names the applied migration whose file no longer matches, and seeds nothing', async () => {
    const newest = (await listMigrations(MIGRATIONS_DIR)).at(-1);
    if (!newest) throw new Error('no migrations found');
    // As if the file had been edited after it ran: the runner must refuse, not re-apply.
    await database.admin.query(
      'update shell_migrations.applied set checksum = $1 where version = $2',
      ['0'.repeat(64), newest.version],
    );

    const run = await runStartScript({
      PORT: String(await findFreePort()),
      DATABASE_URL: database.url,
    });

    expectRefused(run);
    expect(messageOf(run)).toBe(
      `✖ Migration ${newest.file} was changed after it was applied (checksum 000000000000... is now ` +
        `${newest.checksum.slice(0, 12)}...); restore it and add a new migration instead`,
    );
    const workspaces = await database.admin.query(
      'select count(*)::int as n from public.workspaces',
    );
    expect(workspaces.rows).toStrictEqual([{ n: 0 }]);
  });
});
