/** Why the migration runner refused or failed; stable so a CLI or test can branch on it. */
export type MigrationErrorCode =
  /** The migrations directory does not exist or cannot be read. */
  | 'DIRECTORY_UNREADABLE'
  /** A `.sql` file does not follow `NNN_name.sql` / `NNN_name.down.sql`. */
  | 'INVALID_FILE_NAME'
  /** Two up files share a version number. */
  | 'DUPLICATE_VERSION'
  /** The versions are not 001, 002, ... without gaps. */
  | 'MISSING_VERSION'
  /** A down file has no up file of the same name. */
  | 'ORPHAN_DOWN_FILE'
  /** The database records a migration whose file is gone or was renamed. */
  | 'APPLIED_FILE_MISSING'
  /** An applied file was edited after it was applied. */
  | 'CHECKSUM_MISMATCH'
  /** A pending file sorts before an applied one, so applying it would reorder history. */
  | 'OUT_OF_ORDER'
  /** `--to` names no migration or is not a whole number. */
  | 'INVALID_TARGET'
  /** A migration to undo has no `.down.sql`. */
  | 'NO_DOWN_FILE'
  /** A migration to undo is forward-only by PRD §12.6. */
  | 'FORWARD_ONLY'
  /** Postgres rejected a migration file; its transaction was rolled back. */
  | 'MIGRATION_FAILED';

/**
 * Every refusal or failure of the runner. `message` is one printable line, e.g.
 * `Migration 005_layouts.sql failed: relation "x" does not exist`; `file` names the file
 * concerned and `pgMessage` carries Postgres' own message when Postgres failed.
 */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code: MigrationErrorCode;
  readonly file: string | null;
  readonly pgMessage: string | null;

  constructor(
    code: MigrationErrorCode,
    message: string,
    details: { file?: string | null; pgMessage?: string | null; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.file = details.file ?? null;
    this.pgMessage = details.pgMessage ?? null;
  }
}
