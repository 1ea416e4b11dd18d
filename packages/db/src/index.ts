export {
  createDb,
  shellCallText,
  type CreateDbOptions,
  type Db,
  type DbLogger,
  type Tx,
} from './create-db';
export { buildWorkspaceClaims, type WorkspaceJwtClaims } from './workspace-claims';
export { MIGRATIONS_DIR } from './migrate/migrations-dir';
export { MigrationError, type MigrationErrorCode } from './migrate/migration-error';
export { listMigrations, type MigrationFile } from './migrate/list-migrations';
export { migrateUp, type MigrateUpOptions } from './migrate/migrate-up';
export {
  migrateDown,
  FORWARD_ONLY_VERSIONS,
  type MigrateDownOptions,
} from './migrate/migrate-down';
export {
  migrationStatus,
  type MigrationState,
  type MigrationStatusEntry,
  type MigrationStatusOptions,
} from './migrate/migration-status';
export { schemaVersion } from './migrate/schema-version';
export { resetDatabase } from './migrate/reset-database';
export type { MigrationStep } from './migrate/tracking';
export { writeAuditLog, type AuditEntry } from './audit/write-audit-log';
export { asServiceRole } from './as-service-role';
export {
  createChannelHub,
  type ChannelHandlers,
  type ChannelHub,
  type ChannelHubOptions,
  type ChannelListener,
  type ChannelSubscriptionOptions,
} from './channel-hub';
export {
  createNotifiedCache,
  type NotifiedCache,
  type NotifiedCacheOptions,
} from './notified-cache';
