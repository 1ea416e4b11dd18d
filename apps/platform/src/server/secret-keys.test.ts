import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newSecretKeys, parseSecretKeys } from '@aiconnected/secrets';
import { loadEnv } from '@/env';
import { writeLocalSecret } from './local-data';
import { LOCAL_SECRET_KEYS_FILE, secretKeysFromEnv } from './secret-keys';

describe('secretKeysFromEnv', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'secret-keys-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('locally makes .data/secret-keys.json once (0600) and reads it back', () => {
    const ring = secretKeysFromEnv(loadEnv({}), dir);
    const file = path.join(dir, LOCAL_SECRET_KEYS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ring.versions()).toStrictEqual([1]);
    expect(secretKeysFromEnv(loadEnv({}), dir).key(1)).toStrictEqual(ring.key(1));
    expect(parseSecretKeys(readFileSync(file, 'utf8')).key(1)).toStrictEqual(ring.key(1));
  });

  it('a local ring reads the file again for a KEK it lacks (a rotation while the server runs)', () => {
    const ring = secretKeysFromEnv(loadEnv({}), dir);
    const file = path.join(dir, LOCAL_SECRET_KEYS_FILE);
    writeLocalSecret(LOCAL_SECRET_KEYS_FILE, newSecretKeys(readFileSync(file, 'utf8')), dir);
    expect(ring.currentVersion).toBe(1);
    expect(ring.key(2)).toHaveLength(32);
    // From then on it seals with the new KEK too.
    expect(ring.currentVersion).toBe(2);
    expect(ring.key(3)).toBeUndefined();
  });

  it('takes SHELL_SECRET_KEYS when set, and writes no file', () => {
    const keys = newSecretKeys(newSecretKeys());
    const ring = secretKeysFromEnv(loadEnv({ SHELL_SECRET_KEYS: keys }), dir);
    expect([ring.currentVersion, ring.versions()]).toStrictEqual([2, [1, 2]]);
    expect(() => statSync(path.join(dir, LOCAL_SECRET_KEYS_FILE))).toThrow();
  });
});
