import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_PROCESS_TEST_TIMEOUT_MS, runCliInProcess, runCliProcess } from './run-cli-process';

const FIXTURES = fileURLToPath(new URL('../fixtures/migrations/', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

interface JsonOutput {
  module: string;
  table_prefix: string;
  files: string[];
  findings: Array<{ file: string; line: number; column: number; rule: string; message: string }>;
  counts: { error: number };
}

/** Runs lint-migrations --json on a fixture directory as module `notes` (in process). */
async function lintFixture(name: string) {
  const run = await runCliInProcess(
    ['lint-migrations', name, '--module', 'notes', '--json'],
    FIXTURES,
  );
  const output = JSON.parse(run.stdout) as JsonOutput;
  return {
    code: run.code,
    output,
    found: output.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`),
  };
}

// Three cases run the bin as a child process (exit codes 0, 1 and 2 with the real stdout and
// stderr); the others run its entry function in process: each child process starts Node and
// tsx, 5-30 s apiece on a busy two-core machine.
describe('aiconnected-module lint-migrations', { timeout: CLI_PROCESS_TEST_TIMEOUT_MS }, () => {
  it('passes the notes example module (module id from the manifest next to the directory)', async () => {
    const run = await runCliProcess(['lint-migrations', 'examples/modules/notes/migrations'], REPO);
    expect(run).toEqual({
      code: 0,
      stdout: '✓ 2 migration file(s) of module notes pass (16 rules)\n',
      stderr: '',
    });
  });

  it('passes a complete module: RLS in a later file, composite key, CTEs, allowlisted shell functions', async () => {
    const { code, output } = await lintFixture('pass-complete');
    expect(code).toBe(0);
    expect(output).toEqual({
      module: 'notes',
      table_prefix: 'notes_',
      files: [
        '001_entries.down.sql',
        '001_entries.sql',
        '002_tags.down.sql',
        '002_tags.sql',
        '003_tags_rls.down.sql',
        '003_tags_rls.sql',
      ],
      findings: [],
      counts: { error: 0 },
    });
  });

  it('prints file:line:col rule message and exits 1 (syntax error at the parser position)', async () => {
    const run = await runCliProcess(
      ['lint-migrations', 'fail-syntax', '--module', 'notes'],
      FIXTURES,
    );
    expect(run).toEqual({
      code: 1,
      stdout:
        'fail-syntax/001_broken.sql:3:1 sql-syntax syntax error at or near ";"\n' +
        '✗ 1 error(s) in 2 migration file(s) of module notes\n',
      stderr: '',
    });
  });

  it('file pairing: misnamed, duplicate number, missing down script, orphan down script', async () => {
    const { code, found, output } = await lintFixture('fail-files');
    expect(code).toBe(1);
    expect(found).toEqual([
      'fail-files/001_entries.sql:1:1 migration-number-duplicate',
      'fail-files/001_entries.sql:1:1 down-missing',
      'fail-files/002_gone.down.sql:1:1 down-orphan',
      'fail-files/3_short.sql:1:1 migration-name',
    ]);
    expect(output.findings[1]?.message).toBe(
      '001_entries.sql has no down script: add 001_entries.down.sql that undoes it',
    );
  });

  it('tables: prefix, public schema and a workspace_id uuid NOT NULL that stays so', async () => {
    const { found, output } = await lintFixture('fail-tables');
    const tableRules = found.filter((f) => !/rls-not|policy-missing/.test(f));
    expect(tableRules).toEqual([
      'fail-tables/001_tables.down.sql:1:1 foreign-table',
      'fail-tables/001_tables.down.sql:1:1 foreign-table',
      'fail-tables/001_tables.sql:1:1 table-prefix',
      'fail-tables/001_tables.sql:5:1 tenant-column',
      'fail-tables/001_tables.sql:6:1 tenant-column',
      'fail-tables/001_tables.sql:7:1 tenant-column',
      'fail-tables/001_tables.sql:8:1 table-prefix',
      'fail-tables/001_tables.sql:9:1 tenant-column',
      'fail-tables/001_tables.sql:10:1 tenant-column',
      'fail-tables/001_tables.sql:11:1 tenant-column',
    ]);
    expect(output.findings.filter((f) => f.rule === 'tenant-column').map((f) => f.message)).toEqual(
      [
        'Table notes_no_tenant has no workspace_id uuid NOT NULL column (tenant-scoped data)',
        'Table notes_nullable declares workspace_id without NOT NULL',
        'Table notes_text_tenant declares workspace_id as text; it must be uuid NOT NULL',
        'ALTER TABLE drops workspace_id: it stays uuid NOT NULL',
        'ALTER TABLE drops NOT NULL from workspace_id: it stays uuid NOT NULL',
        'ALTER TABLE changes the type of workspace_id: it stays uuid NOT NULL',
      ],
    );
  });

  it('RLS: enabled, forced, policed, and never switched off', async () => {
    const { found } = await lintFixture('fail-rls');
    expect(found).toEqual([
      'fail-rls/001_rls.sql:1:1 rls-not-enabled',
      'fail-rls/001_rls.sql:1:1 rls-not-forced',
      'fail-rls/001_rls.sql:1:1 policy-missing',
      'fail-rls/001_rls.sql:2:1 rls-not-forced',
      'fail-rls/001_rls.sql:11:1 rls-disabled',
      'fail-rls/001_rls.sql:12:1 rls-disabled',
    ]);
  });

  it('policies: USING and WITH CHECK each reference workspace_id', async () => {
    const { found, output } = await lintFixture('fail-policies');
    expect(found).toEqual([
      'fail-policies/001_policies.sql:4:1 policy-unscoped',
      'fail-policies/001_policies.sql:5:1 policy-unscoped',
      'fail-policies/001_policies.sql:8:1 policy-unscoped',
    ]);
    expect(output.findings.map((f) => f.message)).toEqual([
      'Policy notes_entries_open: its USING expression does not reference workspace_id',
      'Policy notes_entries_half: its WITH CHECK expression does not reference workspace_id',
      'Policy notes_entries_bare has neither USING nor WITH CHECK; scope it by workspace_id',
    ]);
  });

  it("foreign access: shell and other modules' tables, functions outside the allowlist, in up and down scripts", async () => {
    const { found, output } = await lintFixture('fail-foreign');
    expect(found).toEqual([
      'fail-foreign/001_foreign.down.sql:2:1 foreign-table',
      'fail-foreign/001_foreign.down.sql:3:1 foreign-table',
      'fail-foreign/001_foreign.down.sql:4:1 table-prefix',
      'fail-foreign/001_foreign.sql:3:27 foreign-table',
      'fail-foreign/001_foreign.sql:4:30 foreign-table',
      'fail-foreign/001_foreign.sql:9:52 foreign-table',
      'fail-foreign/001_foreign.sql:11:63 foreign-function',
      'fail-foreign/001_foreign.sql:13:25 foreign-function',
      'fail-foreign/001_foreign.sql:15:13 foreign-table',
      'fail-foreign/001_foreign.sql:16:15 foreign-table',
    ]);
    expect(output.findings[3]?.message).toBe(
      'public.users is not a table of this module (its tables start with notes_)',
    );
  });

  it('no GRANT to PUBLIC or anon', async () => {
    const { found } = await lintFixture('fail-grants');
    expect(found).toEqual([
      'fail-grants/001_grants.sql:6:1 grant-public',
      'fail-grants/001_grants.sql:7:1 grant-public',
    ]);
  });

  it('no database-wide statements, SECURITY DEFINER or functions outside public', async () => {
    const { found } = await lintFixture('fail-statements');
    expect(found).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map(
        (line) => `fail-statements/001_statements.sql:${line}:1 statement-forbidden`,
      ),
    );
  });

  it('usage and unreadable input exit 2', async () => {
    const noDir = await runCliInProcess(
      ['lint-migrations', 'no-such-dir', '--module', 'notes'],
      FIXTURES,
    );
    expect(noDir.code).toBe(2);
    expect(noDir.stdout).toBe('');
    expect(noDir.stderr).toMatch(/^aiconnected-module lint-migrations: Cannot read the directory /);

    const noModule = await runCliProcess(['lint-migrations', 'pass-complete'], FIXTURES);
    expect(noModule).toEqual({
      code: 2,
      stdout: '',
      stderr: `aiconnected-module lint-migrations: No manifest.json next to ${FIXTURES}pass-complete; pass the module id with --module <id>\n`,
    });

    const badId = await runCliInProcess(
      ['lint-migrations', 'pass-complete', '--module', 'Notes!'],
      FIXTURES,
    );
    expect(badId.code).toBe(2);
    expect(badId.stderr).toBe(
      'aiconnected-module lint-migrations: --module Notes! is no module id (lower-kebab, e.g. crm-lite)\n',
    );
  });
});
