import type { MigrationLintRule } from './migration-lint-rules';

/** One problem `lintMigrations` found, at a 1-based line and column of a file. */
export interface MigrationFinding {
  file: string;
  line: number;
  column: number;
  rule: MigrationLintRule;
  message: string;
}

/** A finding inside one parsed file, at a byte offset of its text. */
export interface SqlFinding {
  offset: number;
  rule: MigrationLintRule;
  message: string;
}
