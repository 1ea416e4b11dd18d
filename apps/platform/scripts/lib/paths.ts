import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root and the folders the start script owns. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const PLATFORM_DIR = path.join(REPO_ROOT, 'apps/platform');
/** Embedded Postgres keeps its cluster here; `.data/` is git-ignored. */
export const EMBEDDED_DATA_DIR = path.join(REPO_ROOT, '.data/postgres');
