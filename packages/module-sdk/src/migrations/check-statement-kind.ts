import type { SqlFinding } from './migration-finding';
import { TENANT_COLUMN, type MigrationLintRule } from './migration-lint-rules';
import { readNameList, type SqlObject } from './walk-sql-nodes';

/** Statements a module migration never runs: they act on the whole database. */
const FORBIDDEN_STATEMENTS: Record<string, string> = {
  CreateRoleStmt: 'CREATE ROLE',
  AlterRoleStmt: 'ALTER ROLE',
  AlterRoleSetStmt: 'ALTER ROLE ... SET',
  DropRoleStmt: 'DROP ROLE',
  GrantRoleStmt: 'GRANT/REVOKE of a role',
  CreateExtensionStmt: 'CREATE EXTENSION',
  CreateSchemaStmt: 'CREATE SCHEMA',
  AlterDefaultPrivilegesStmt: 'ALTER DEFAULT PRIVILEGES',
  CreateEventTrigStmt: 'CREATE EVENT TRIGGER',
  AlterSystemStmt: 'ALTER SYSTEM',
  AlterOwnerStmt: 'ALTER ... OWNER TO',
  CreateTableAsStmt: 'CREATE TABLE AS / SELECT INTO (declare the columns, workspace_id among them)',
};

/** ALTER TABLE commands a module never runs, with the rule each breaks. */
const ALTER_TABLE_COMMANDS: Record<string, { rule: MigrationLintRule; message: string }> = {
  AT_DisableRowSecurity: {
    rule: 'rls-disabled',
    message: 'DISABLE ROW LEVEL SECURITY: a module table keeps RLS enabled and forced',
  },
  AT_NoForceRowSecurity: {
    rule: 'rls-disabled',
    message: 'NO FORCE ROW LEVEL SECURITY: a module table keeps RLS enabled and forced',
  },
  AT_ChangeOwner: {
    rule: 'statement-forbidden',
    message: 'ALTER TABLE ... OWNER TO is not allowed in a module migration',
  },
};

/** ALTER TABLE commands that would undo the tenant column. */
const TENANT_COLUMN_COMMANDS: Record<string, string> = {
  AT_DropColumn: 'drops',
  AT_DropNotNull: 'drops NOT NULL from',
  AT_AlterColumnType: 'changes the type of',
};

/**
 * Checks what kind of statement this is, apart from the tables it touches: database-wide
 * statements, GRANT to PUBLIC or anon, turning RLS off, SECURITY DEFINER functions and
 * functions created outside the public schema.
 */
export function checkStatementKind(
  type: string,
  node: SqlObject,
  statementOffset: number,
): SqlFinding[] {
  const forbidden = FORBIDDEN_STATEMENTS[type];
  if (forbidden) {
    return [
      {
        offset: statementOffset,
        rule: 'statement-forbidden',
        message: `${forbidden} is not allowed in a module migration`,
      },
    ];
  }
  if (type === 'GrantStmt' && node.is_grant === true) return checkGrantees(node, statementOffset);
  if (type === 'AlterTableStmt') return checkAlterTable(node, statementOffset);
  if (type === 'CreateFunctionStmt') return checkFunction(node, statementOffset);
  return [];
}

function checkAlterTable(node: SqlObject, offset: number): SqlFinding[] {
  const commands = Array.isArray(node.cmds) ? node.cmds : [];
  return commands.flatMap((command): SqlFinding[] => {
    const alter = (command as { AlterTableCmd?: { subtype?: string; name?: string } })
      .AlterTableCmd;
    const subtype = alter?.subtype ?? '';
    const known = ALTER_TABLE_COMMANDS[subtype];
    if (known) return [{ offset, ...known }];
    const verb = TENANT_COLUMN_COMMANDS[subtype];
    if (verb && alter?.name === TENANT_COLUMN) {
      return [
        {
          offset,
          rule: 'tenant-column',
          message: `ALTER TABLE ${verb} ${TENANT_COLUMN}: it stays uuid NOT NULL`,
        },
      ];
    }
    return [];
  });
}

function checkGrantees(node: SqlObject, offset: number): SqlFinding[] {
  const grantees = Array.isArray(node.grantees) ? node.grantees : [];
  return grantees.flatMap((grantee) => {
    const role = (grantee as { RoleSpec?: { roletype?: string; rolename?: string } }).RoleSpec;
    const name = role?.roletype === 'ROLESPEC_PUBLIC' ? 'PUBLIC' : role?.rolename;
    if (name !== 'PUBLIC' && name !== 'anon') return [];
    return [
      {
        offset,
        rule: 'grant-public' as const,
        message: `GRANT to ${name}: grant to authenticated and let the policies decide`,
      },
    ];
  });
}

function checkFunction(node: SqlObject, offset: number): SqlFinding[] {
  const findings: SqlFinding[] = [];
  const names = readNameList(node.funcname);
  if (names.length > 1 && names[names.length - 2] !== 'public') {
    findings.push({
      offset,
      rule: 'statement-forbidden',
      message: `CREATE FUNCTION ${names.join('.')}: a module creates functions in the public schema only`,
    });
  }
  const options = Array.isArray(node.options) ? node.options : [];
  const securityDefiner = options.some((option) => {
    const element = (option as { DefElem?: { defname?: string; arg?: unknown } }).DefElem;
    const flag = (element?.arg as { Boolean?: { boolval?: boolean } } | undefined)?.Boolean;
    return element?.defname === 'security' && flag?.boolval === true;
  });
  if (securityDefiner) {
    findings.push({
      offset,
      rule: 'statement-forbidden',
      message: 'SECURITY DEFINER functions bypass RLS; use SECURITY INVOKER (the default)',
    });
  }
  return findings;
}
