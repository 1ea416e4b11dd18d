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
 * The ring stored secrets are sealed and opened with, loaded once at start (a rotation seals
 * with the new KEK from the next start; the old ones keep opening: `npm run keys:rotate --
 * secrets`).
 */
export function secretKeysFromEnv(environment: Env, dataDir?: string): SecretKeyRing {
  return parseSecretKeys(secretKeysJson(environment, dataDir));
}
