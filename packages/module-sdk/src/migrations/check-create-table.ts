import type { SqlFinding } from './migration-finding';
import { TENANT_COLUMN } from './migration-lint-rules';
import { readNameList, type SqlObject } from './walk-sql-nodes';

/**
 * Checks a CREATE TABLE: named `<prefix>...` in the public schema, with the tenant column
 * `workspace_id uuid NOT NULL` (NOT NULL, or part of the primary key).
 */
export function checkCreateTable(node: SqlObject, prefix: string, offset: number): SqlFinding[] {
  const relation = (node.relation ?? {}) as SqlObject;
  const name = String(relation.relname);
  const schema = relation.schemaname;
  const findings: SqlFinding[] = [];
  if ((schema !== undefined && schema !== 'public') || !name.startsWith(prefix)) {
    findings.push({
      offset,
      rule: 'table-prefix',
      message: `Table ${typeof schema === 'string' ? `${schema}.` : ''}${name}: a module's tables are in the public schema and start with ${prefix}`,
    });
  }
  const problem = tenantColumnProblem(node);
  if (problem) {
    findings.push({ offset, rule: 'tenant-column', message: `Table ${name} ${problem}` });
  }
  return findings;
}

function unwrap(value: unknown, type: string): SqlObject | undefined {
  return (value as Record<string, SqlObject> | null)?.[type];
}

/** What is wrong with the table's tenant column, or undefined when it is right. */
function tenantColumnProblem(node: SqlObject): string | undefined {
  const elements = Array.isArray(node.tableElts) ? node.tableElts : [];
  const column = elements
    .map((element) => unwrap(element, 'ColumnDef'))
    .find((definition) => definition?.colname === TENANT_COLUMN);
  if (!column) return `has no ${TENANT_COLUMN} uuid NOT NULL column (tenant-scoped data)`;

  const typeNames = readNameList((column.typeName as SqlObject | undefined)?.names);
  const arrayBounds = (column.typeName as SqlObject | undefined)?.arrayBounds;
  if (typeNames[typeNames.length - 1] !== 'uuid' || arrayBounds !== undefined) {
    return `declares ${TENANT_COLUMN} as ${typeNames.join('.') || 'another type'}; it must be uuid NOT NULL`;
  }

  const columnConstraints = (Array.isArray(column.constraints) ? column.constraints : []).map(
    (constraint) => unwrap(constraint, 'Constraint')?.contype,
  );
  if (
    columnConstraints.includes('CONSTR_NOTNULL') ||
    columnConstraints.includes('CONSTR_PRIMARY')
  ) {
    return undefined;
  }
  const inPrimaryKey = elements.some((element) => {
    const constraint = unwrap(element, 'Constraint');
    return (
      constraint?.contype === 'CONSTR_PRIMARY' &&
      readNameList(constraint.keys).includes(TENANT_COLUMN)
    );
  });
  return inPrimaryKey ? undefined : `declares ${TENANT_COLUMN} without NOT NULL`;
}
