import type { SqlFinding } from './migration-finding';
import {
  MODULE_FOREIGN_KEY_ALLOWLIST,
  MODULE_SHELL_FUNCTION_ALLOWLIST,
} from './migration-lint-rules';
import { readNameList, walkSqlNodes, type SqlObject } from './walk-sql-nodes';

/** Drop targets whose qualified name ends in a table's name (then the object's own name). */
const DROP_TABLE_TYPES = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW']);
const DROP_ON_TABLE_TYPES = new Set(['OBJECT_POLICY', 'OBJECT_TRIGGER', 'OBJECT_RULE']);

/**
 * Finds every table and function a statement touches that is not the module's own: tables
 * outside `prefix` (or outside the public schema) and functions outside the shell allowlist.
 * A foreign key may point at an allowlisted shell table (workspaces). CTE names are local.
 */
export function checkStatementReferences(
  statement: unknown,
  statementOffset: number,
  prefix: string,
): SqlFinding[] {
  const findings: SqlFinding[] = [];
  const allowedForeignKeyTargets = new WeakSet<object>();
  const cteNames = new Set<string>();
  const createdTables = new WeakSet<object>();
  walkSqlNodes(statement, (node, type) => {
    if (type === 'Constraint' && node.contype === 'CONSTR_FOREIGN') {
      const target = node.pktable as SqlObject | undefined;
      const schema = target?.schemaname;
      if (
        target &&
        (schema === undefined || schema === 'public') &&
        MODULE_FOREIGN_KEY_ALLOWLIST.includes(String(target.relname))
      ) {
        allowedForeignKeyTargets.add(target);
      }
    }
    if (type === 'CommonTableExpr' && typeof node.ctename === 'string') cteNames.add(node.ctename);
    // The table being created is checked by checkCreateTable (rule table-prefix).
    if (type === 'CreateStmt' && node.relation) createdTables.add(node.relation);
  });

  const isModuleTable = (schema: unknown, name: string) =>
    (schema === undefined || schema === 'public') && name.startsWith(prefix);

  walkSqlNodes(statement, (node, type) => {
    if (typeof node.relname === 'string') {
      const name = node.relname;
      if (allowedForeignKeyTargets.has(node) || createdTables.has(node) || cteNames.has(name)) {
        return;
      }
      if (!isModuleTable(node.schemaname, name)) {
        findings.push({
          offset: typeof node.location === 'number' ? node.location : statementOffset,
          rule: 'foreign-table',
          message: `${qualified(node.schemaname, name)} is not a table of this module (its tables start with ${prefix})`,
        });
      }
    }
    if (type === 'FuncCall' || type === 'CreateTrigStmt') {
      const names = readNameList(node.funcname);
      const problem = checkFunctionName(names);
      if (problem) {
        findings.push({
          offset: typeof node.location === 'number' ? node.location : statementOffset,
          rule: 'foreign-function',
          message: problem,
        });
      }
    }
    if (type === 'DropStmt') {
      for (const name of droppedTableNames(node)) {
        if (!isModuleTable(name.schema, name.table)) {
          findings.push({
            offset: statementOffset,
            rule: 'foreign-table',
            message: `DROP touches ${qualified(name.schema, name.table)}, which is not a table of this module (its tables start with ${prefix})`,
          });
        }
      }
    }
    if (
      type === 'RenameStmt' &&
      node.renameType === 'OBJECT_TABLE' &&
      typeof node.newname === 'string' &&
      !node.newname.startsWith(prefix)
    ) {
      findings.push({
        offset: statementOffset,
        rule: 'table-prefix',
        message: `Table renamed to ${node.newname}: a module's tables start with ${prefix}`,
      });
    }
  });
  return findings;
}

function qualified(schema: unknown, name: string): string {
  return typeof schema === 'string' ? `${schema}.${name}` : name;
}

/** Why a called function is not allowed, or undefined when it is. */
function checkFunctionName(names: string[]): string | undefined {
  if (names.length < 2) return undefined; // unqualified: a built-in or the module's own
  const [schema, name] = names.slice(-2) as [string, string];
  if (schema === 'pg_catalog') return undefined;
  if (schema === 'shell') {
    return MODULE_SHELL_FUNCTION_ALLOWLIST.includes(name)
      ? undefined
      : `shell.${name}() is not one of the shell functions a module may call (${MODULE_SHELL_FUNCTION_ALLOWLIST.join(', ')})`;
  }
  return `${schema}.${name}() belongs to another schema; a module calls built-ins, its own functions and the allowlisted shell functions only`;
}

/** The tables a DROP statement names (for DROP POLICY/TRIGGER/RULE: the table it is on). */
function droppedTableNames(node: SqlObject): Array<{ schema: string | undefined; table: string }> {
  const removeType = String(node.removeType);
  const onTable = DROP_ON_TABLE_TYPES.has(removeType);
  if (!onTable && !DROP_TABLE_TYPES.has(removeType)) return [];
  const objects = Array.isArray(node.objects) ? node.objects : [];
  return objects.flatMap((object) => {
    let names = readNameList((object as { List?: { items?: unknown } }).List?.items);
    if (onTable) names = names.slice(0, -1);
    const table = names[names.length - 1];
    if (table === undefined) return [];
    return [{ schema: names.length > 1 ? names[names.length - 2] : undefined, table }];
  });
}
