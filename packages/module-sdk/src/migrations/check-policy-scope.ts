import type { SqlFinding } from './migration-finding';
import { TENANT_COLUMN } from './migration-lint-rules';
import { readNameList, walkSqlNodes, type SqlObject } from './walk-sql-nodes';

/**
 * Checks a CREATE POLICY: it has a USING or WITH CHECK expression, and each one it has
 * references the tenant column, so no policy opens rows across workspaces.
 */
export function checkPolicyScope(node: SqlObject, offset: number): SqlFinding[] {
  const name = String(node.policy_name);
  const expressions = [
    ['USING', node.qual],
    ['WITH CHECK', node.with_check],
  ].filter((entry): entry is [string, unknown] => entry[1] !== undefined);
  if (expressions.length === 0) {
    return [
      {
        offset,
        rule: 'policy-unscoped',
        message: `Policy ${name} has neither USING nor WITH CHECK; scope it by ${TENANT_COLUMN}`,
      },
    ];
  }
  return expressions
    .filter(([, expression]) => !referencesTenantColumn(expression))
    .map(([clause]) => ({
      offset,
      rule: 'policy-unscoped' as const,
      message: `Policy ${name}: its ${clause} expression does not reference ${TENANT_COLUMN}`,
    }));
}

function referencesTenantColumn(expression: unknown): boolean {
  let found = false;
  walkSqlNodes(expression, (node: SqlObject, type) => {
    if (type !== 'ColumnRef') return;
    const fields = readNameList(node.fields);
    if (fields[fields.length - 1] === TENANT_COLUMN) found = true;
  });
  return found;
}
