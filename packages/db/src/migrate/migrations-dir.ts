import { fileURLToPath } from 'node:url';

/** The shell's own migrations: `packages/db/migrations` (PRD §12.1). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
