import { newSecretKeys, parseSecretKeys, type SecretKeyRing } from '@aiconnected/secrets';
import type { Env } from '@/env';
import { readOrCreateLocalSecret } from './local-data';

/** The local deployment's secret key-encryption keys, under `.data/` (git-ignored). */
export const LOCAL_SECRET_KEYS_FILE = 'secret-keys.json';

/** A key set of one new KEK (version 1), as `SHELL_SECRET_KEYS` holds it. */
export function newSecretKeysFile(): string {
  return `${newSecretKeys()}\n`;
}

/**
 * The secret KEKs as JSON: SHELL_SECRET_KEYS when set (required outside local, env.ts), else
 * the local file, made once on first start.
 */
export function secretKeysJson(environment: Env, dataDir?: string): string {
  return (
    environment.SHELL_SECRET_KEYS ??
    readOrCreateLocalSecret(LOCAL_SECRET_KEYS_FILE, newSecretKeysFile, dataDir)
  );
}

/**
 * A ring read from `read()` that reads again when asked for a version it lacks: a local
 * `keys:rotate -- secrets` re-wraps rows to a new KEK while the server runs, and the server
 * opens them (and seals with the new KEK from then on) without a restart.
 */
function rereadingRing(read: () => string): SecretKeyRing {
  let ring = parseSecretKeys(read());
  return {
    get currentVersion() {
      return ring.currentVersion;
    },
    key(version) {
      const key = ring.key(version);
      if (key !== undefined) return key;
      ring = parseSecretKeys(read());
      return ring.key(version);
    },
    versions: () => ring.versions(),
  };
}

/**
 * The ring stored secrets are sealed and opened with: SHELL_SECRET_KEYS, loaded once (a
 * rotation there takes effect with the next start; the old KEKs keep opening), else the
 * local file, read again when a row needs a KEK it does not have yet (docs/events.md
 * "Secret keys").
 */
export function secretKeysFromEnv(environment: Env, dataDir?: string): SecretKeyRing {
  if (environment.SHELL_SECRET_KEYS) return parseSecretKeys(environment.SHELL_SECRET_KEYS);
  return rereadingRing(() => secretKeysJson(environment, dataDir));
}
