import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PLATFORM_DIR, REPO_ROOT } from './paths';

const FINGERPRINT_FILE = path.join(PLATFORM_DIR, '.next/source-fingerprint');
const SOURCE_ROOTS = [
  'apps/platform/src',
  'packages',
  'package-lock.json',
  'apps/platform/next.config.mjs',
  'apps/platform/tailwind.config.ts',
];
const SKIPPED = new Set(['node_modules', '.next', '.turbo', 'test', 'migrations']);

/**
 * A fingerprint of everything that goes into `next build` (paths, sizes, mtimes), so `npm start`
 * rebuilds only when the sources changed since the last build.
 */
export function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const visit = (absolute: string) => {
    if (!existsSync(absolute)) return;
    const stat = statSync(absolute);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) {
        if (!SKIPPED.has(entry)) visit(path.join(absolute, entry));
      }
      return;
    }
    hash.update(`${path.relative(REPO_ROOT, absolute)}:${stat.size}:${stat.mtimeMs}\n`);
  };
  for (const root of SOURCE_ROOTS) visit(path.join(REPO_ROOT, root));
  return hash.digest('hex');
}

/** Whether the last build exists and was made from the current sources. */
export function isBuildCurrent(fingerprint: string): boolean {
  if (!existsSync(path.join(PLATFORM_DIR, '.next/BUILD_ID'))) return false;
  return existsSync(FINGERPRINT_FILE) && readFileSync(FINGERPRINT_FILE, 'utf8') === fingerprint;
}

/** Records which sources the current build was made from. */
export function recordBuild(fingerprint: string): void {
  writeFileSync(FINGERPRINT_FILE, fingerprint);
}
