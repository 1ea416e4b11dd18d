/**
 * The rules `lint-migrations` checks (module developer rules: tenant-scoped tables, RLS,
 * down scripts). Each finding names one of these codes; docs/modules.md lists them.
 */
export const MIGRATION_LINT_RULES = {
  'sql-syntax': 'The file does not parse as PostgreSQL',
  'migration-name': 'A migration file is named NNN_name.sql (NNN: three digits)',
  'migration-number-duplicate': 'Two migrations share a number',
  'down-missing': 'Every NNN_name.sql has its NNN_name.down.sql',
  'down-orphan': 'A down script belongs to a migration of the same name',
  'table-prefix': "A module's tables are named <module>_... in the public schema",
  'tenant-column': 'Every table has workspace_id uuid NOT NULL (tenant-scoped)',
  'rls-not-enabled': 'Every table has ALTER TABLE ... ENABLE ROW LEVEL SECURITY',
  'rls-not-forced': 'Every table has ALTER TABLE ... FORCE ROW LEVEL SECURITY',
  'rls-disabled': 'RLS is never disabled or un-forced',
  'policy-missing': 'Every table has at least one CREATE POLICY',
  'policy-unscoped': "Each policy's USING and WITH CHECK reference workspace_id",
  'foreign-table': "No access to the shell's or another module's tables",
  'foreign-function': 'Only the allowlisted shell functions are called',
  'grant-public': 'No GRANT to PUBLIC or anon',
  'statement-forbidden':
    'No roles, extensions, schemas, default privileges, event triggers or SECURITY DEFINER functions',
} as const;
export type MigrationLintRule = keyof typeof MIGRATION_LINT_RULES;

/**
 * Shell functions a module's policies, defaults and triggers may call (schema `shell`, see
 * packages/db/migrations/012_rls_policies.sql): the caller's claims and visible workspaces.
 */
export const MODULE_SHELL_FUNCTION_ALLOWLIST: readonly string[] = [
  'claims',
  'current_user_id',
  'current_workspace_id',
  'claimed_permissions',
  'is_super',
  'visible_workspace_ids',
  'workspaces_with_permission',
  'has_platform_permission',
  'set_updated_at',
];

/** Shell tables a module table may reference by FOREIGN KEY only (its tenant column). */
export const MODULE_FOREIGN_KEY_ALLOWLIST: readonly string[] = ['workspaces'];

/** The tenant column every module table carries. */
export const TENANT_COLUMN = 'workspace_id';
