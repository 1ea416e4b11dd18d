import { parse } from 'libpg-query';
import { checkCreateTable } from './check-create-table';
import { checkPolicyScope } from './check-policy-scope';
import { checkStatementKind } from './check-statement-kind';
import { checkStatementReferences } from './check-statement-references';
import { findStatementStart } from './find-statement-start';
import { locateSqlOffset } from './locate-sql-offset';
import type { MigrationFinding, SqlFinding } from './migration-finding';
import { moduleTablePrefix } from './module-table-prefix';
import { pairMigrationFiles } from './pair-migration-files';
import type { SqlObject } from './walk-sql-nodes';

/** A SQL file of a module's migrations directory. */
export interface MigrationFile {
  name: string;
  sql: string;
}

/** What the up migrations do to one created table, across all files. */
interface TableFacts {
  file: string;
  offset: number;
  rlsEnabled: boolean;
  rlsForced: boolean;
  policies: number;
}

/**
 * Lints a module's migrations with PostgreSQL's own parser (libpg-query): file pairing,
 * tenant-scoped tables with RLS enabled, forced and policed by workspace_id, no access to the
 * shell's or other modules' tables, no GRANT to PUBLIC/anon, no database-wide statements.
 * Down scripts are parsed and held to the same access rules. Findings sorted by file and line.
 */
export async function lintMigrations(
  files: readonly MigrationFile[],
  moduleId: string,
): Promise<MigrationFinding[]> {
  const prefix = moduleTablePrefix(moduleId);
  const pairing = pairMigrationFiles(files.map((file) => file.name));
  const findings: MigrationFinding[] = [...pairing.findings];
  const tables = new Map<string, TableFacts>();

  // Up migrations in order (a later one may enable RLS on an earlier table), then down scripts.
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const name of [...pairing.up, ...pairing.down]) {
    const file = byName.get(name);
    if (!file) continue;
    const isUp = pairing.up.includes(name);
    const sqlFindings = await lintFile(file.sql, prefix, isUp ? tables : undefined, file.name);
    for (const finding of sqlFindings) {
      findings.push({
        file: file.name,
        ...locateSqlOffset(file.sql, finding.offset),
        rule: finding.rule,
        message: finding.message,
      });
    }
  }

  for (const [name, facts] of tables) {
    const missing: Array<[boolean, SqlFinding['rule'], string]> = [
      [facts.rlsEnabled, 'rls-not-enabled', `add ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`],
      [facts.rlsForced, 'rls-not-forced', `add ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`],
      [
        facts.policies > 0,
        'policy-missing',
        `add a CREATE POLICY ... ON ${name} scoped by workspace_id`,
      ],
    ];
    const sql = files.find((file) => file.name === facts.file)?.sql ?? '';
    for (const [ok, rule, fix] of missing) {
      if (!ok) {
        findings.push({
          file: facts.file,
          ...locateSqlOffset(sql, facts.offset),
          rule,
          message: `Table ${name}: ${fix}`,
        });
      }
    }
  }
  return findings.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}

/** Lints one file; for up migrations, records created tables and their RLS and policies. */
async function lintFile(
  sql: string,
  prefix: string,
  tables: Map<string, TableFacts> | undefined,
  fileName: string,
): Promise<SqlFinding[]> {
  let statements;
  try {
    statements = (await parse(sql)).stmts ?? [];
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    // The parser's error position counts characters (code points), its node locations bytes.
    const characters = [...sql].slice(0, details?.cursorPosition ?? 0).join('');
    return [
      {
        offset: Buffer.byteLength(characters, 'utf8'),
        rule: 'sql-syntax',
        message: error instanceof Error ? error.message : String(error),
      },
    ];
  }

  const findings: SqlFinding[] = [];
  for (const raw of statements) {
    const wrapper = (raw.stmt ?? {}) as Record<string, SqlObject>;
    const type = Object.keys(wrapper)[0];
    if (type === undefined) continue;
    const node = wrapper[type] as SqlObject;
    const offset = findStatementStart(sql, raw.stmt_location ?? 0);
    findings.push(...checkStatementKind(type, node, offset));
    findings.push(...checkStatementReferences(raw.stmt, offset, prefix));
    if (!tables) continue;
    if (type === 'CreateStmt') {
      findings.push(...checkCreateTable(node, prefix, offset));
      const name = String((node.relation as SqlObject).relname);
      tables.set(name, {
        file: fileName,
        offset,
        rlsEnabled: false,
        rlsForced: false,
        policies: 0,
      });
    }
    const target = tables.get(
      String(((node.relation ?? node.table) as SqlObject | undefined)?.relname),
    );
    if (type === 'AlterTableStmt' && target) {
      for (const command of Array.isArray(node.cmds) ? node.cmds : []) {
        const subtype = (command as { AlterTableCmd?: { subtype?: string } }).AlterTableCmd
          ?.subtype;
        if (subtype === 'AT_EnableRowSecurity') target.rlsEnabled = true;
        if (subtype === 'AT_ForceRowSecurity') target.rlsForced = true;
      }
    }
    if (type === 'CreatePolicyStmt') {
      findings.push(...checkPolicyScope(node, offset));
      if (target) target.policies += 1;
    }
  }
  return findings;
}
