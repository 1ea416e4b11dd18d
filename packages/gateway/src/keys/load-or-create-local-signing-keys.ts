import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseSigningKeys } from './parse-signing-keys';
import { newSigningKey } from './signing-key';
import type { SigningKeyRing } from './signing-key-ring';

/**
 * Local mode's signing keys (`.data/gateway-signing-keys.json`): read when the file exists,
 * else one new key written once (flag 'wx', mode 0600, its directory 0700), so two processes
 * starting together end with the same file: the one that lost the race reads the winner's.
 */
export async function loadOrCreateLocalSigningKeys(file: string): Promise<SigningKeyRing> {
  try {
    return parseSigningKeys(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, `${JSON.stringify({ keys: [newSigningKey()] })}\n`, {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseSigningKeys(await readFile(file, 'utf8'));
}
