import { createDb, type Db } from '@aiconnected/db';
import { newSecretKeys, parseSecretKeys, retireSecretKey } from '@aiconnected/secrets';
import type { Env } from '../../src/env';
import { LOCAL_DATA_DIR, writeLocalSecret } from '../../src/server/local-data';
import {
  countSealedUnderVersion,
  rewrapSealedColumns,
  type RewrapReport,
} from '../../src/server/sealed-columns';
import { LOCAL_SECRET_KEYS_FILE, secretKeysJson } from '../../src/server/secret-keys';
import { openDatabase } from './database';
import { CliError } from './fail';

export interface RotateSecretKeysOptions {
  print: boolean;
  rewrap: boolean;
  /** A KEK version to drop (refused while a row is sealed under it). */
  retire?: string;
}

async function withDatabase<T>(env: Env, fn: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase(env);
  const db = createDb(database.url, { applicationName: 'aiconnected-keys' });
  try {
    return await fn(db);
  } finally {
    await db.close();
    await database.stop();
  }
}

function report(reports: RewrapReport[], version: number): void {
  for (const item of reports) {
    console.log(
      `re-wrapped ${item.rewrapped} in ${item.table}.${item.column} to key ${version}` +
        (item.remaining > 0
          ? ` (${item.remaining} still under an older key: run --rewrap again)`
          : ''),
    );
  }
}

function retireVersion(value: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw new CliError(`--retire takes a key version, not ${value}`);
  return Number(value);
}

async function requireUnused(env: Env, version: number): Promise<void> {
  const still = await withDatabase(env, (db) => countSealedUnderVersion(db, version));
  if (still > 0) {
    throw new CliError(
      `${still} stored secrets are still sealed under key ${version}: run keys:rotate -- secrets --rewrap first.`,
    );
  }
}

/**
 * `keys:rotate -- secrets` (docs/events.md "Secret keys"): a new current KEK, then every
 * sealed row re-wrapped to it, batch by batch. `--print` prints the rotated SHELL_SECRET_KEYS
 * (writes nothing); `--rewrap` re-wraps to the current KEK of the environment (after deploying
 * a printed set); `--retire <version>` drops a KEK no row is sealed under any more.
 */
export async function rotateSecretKeys(env: Env, options: RotateSecretKeysOptions): Promise<void> {
  const { print, rewrap, retire } = options;
  if (rewrap && (print || retire !== undefined)) {
    throw new CliError('--rewrap runs alone: it re-wraps to the current key of the environment');
  }
  if (rewrap) {
    const ring = parseSecretKeys(secretKeysJson(env));
    report(await withDatabase(env, (db) => rewrapSealedColumns(db, ring)), ring.currentVersion);
    return;
  }
  if (print) {
    const current = env.SHELL_SECRET_KEYS;
    if (retire !== undefined) {
      if (!current) throw new CliError('--retire needs the current SHELL_SECRET_KEYS');
      const version = retireVersion(retire);
      const without = retireSecretKey(current, version);
      await requireUnused(env, version);
      process.stdout.write(`${without}\n`);
      return;
    }
    process.stdout.write(`${newSecretKeys(current)}\n`);
    return;
  }
  if (env.PLATFORM_ENV !== 'local') {
    throw new CliError(
      `PLATFORM_ENV is ${env.PLATFORM_ENV}: keys come from SHELL_SECRET_KEYS there. ` +
        'Run with --print (and the current SHELL_SECRET_KEYS set), deploy its output, then run --rewrap.',
    );
  }
  if (env.SHELL_SECRET_KEYS) {
    throw new CliError(
      'SHELL_SECRET_KEYS is set, so the local file is not used: rotate it with --print instead.',
    );
  }
  const file = `${LOCAL_DATA_DIR}/${LOCAL_SECRET_KEYS_FILE}`;
  if (retire !== undefined) {
    const version = retireVersion(retire);
    const without = retireSecretKey(secretKeysJson(env), version);
    await requireUnused(env, version);
    writeLocalSecret(LOCAL_SECRET_KEYS_FILE, `${without}\n`);
    console.log(`retired  key ${version} from ${file}`);
    return;
  }
  const rotated = newSecretKeys(secretKeysJson(env));
  writeLocalSecret(LOCAL_SECRET_KEYS_FILE, `${rotated}\n`);
  const ring = parseSecretKeys(rotated);
  console.log(`rotated  ${file}: key ${ring.currentVersion} seals from now on`);
  report(await withDatabase(env, (db) => rewrapSealedColumns(db, ring)), ring.currentVersion);
}
