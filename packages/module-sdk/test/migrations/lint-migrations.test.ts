import { describe, expect, it } from 'vitest';
import { lintMigrations } from '../../src/migrations/lint-migrations';
import { moduleTablePrefix } from '../../src/migrations/module-table-prefix';

const down = { name: '001_a.down.sql', sql: 'DROP TABLE IF EXISTS crm_lite_items;' };

describe('lintMigrations', () => {
  it('derives the table prefix from the module id (- becomes _)', () => {
    expect([moduleTablePrefix('notes'), moduleTablePrefix('crm-lite')]).toEqual([
      'notes_',
      'crm_lite_',
    ]);
  });

  it('places findings by line and character column after multi-byte text', async () => {
    const comment = '-- café 日本語 😀\n';
    const findings = await lintMigrations(
      [down, { name: '001_a.sql', sql: `${comment}SELECT * FROM café_table;\n` }],
      'crm-lite',
    );
    expect(findings).toEqual([
      {
        file: '001_a.sql',
        line: 2,
        column: 15,
        rule: 'foreign-table',
        message: 'café_table is not a table of this module (its tables start with crm_lite_)',
      },
    ]);
  });

  it('places a syntax error after multi-byte text (the parser counts characters there)', async () => {
    const sql = '-- café 日本語 😀\nCREATE TABLE crm_lite_items (\n  a int,, b int);\n';
    const findings = await lintMigrations([down, { name: '001_a.sql', sql }], 'crm-lite');
    expect(findings).toEqual([
      {
        file: '001_a.sql',
        line: 3,
        column: 9,
        rule: 'sql-syntax',
        message: 'syntax error at or near ","',
      },
    ]);
  });

  it('reads up migrations in order whatever order the files come in', async () => {
    const files = [
      { name: '002_rls.down.sql', sql: 'SELECT 1;' },
      {
        name: '002_rls.sql',
        sql:
          'ALTER TABLE notes_a ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n' +
          'CREATE POLICY notes_a_all ON notes_a USING (workspace_id = shell.current_workspace_id());',
      },
      { name: '001_a.down.sql', sql: 'DROP TABLE notes_a;' },
      { name: '001_a.sql', sql: 'CREATE TABLE notes_a (workspace_id uuid NOT NULL);' },
    ];
    expect(await lintMigrations(files, 'notes')).toEqual([]);
  });

  it('an empty directory has nothing to report', async () => {
    expect(await lintMigrations([], 'notes')).toEqual([]);
  });
});
