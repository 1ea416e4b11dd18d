import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ASSET_STORAGE_KEY, type AssetStorage } from './asset-storage';

function fileOf(dir: string, key: string): string {
  // Keys are checked, so a key can never name a file outside `dir`.
  if (!ASSET_STORAGE_KEY.test(key)) throw new TypeError(`not an asset storage key: ${key}`);
  return path.join(dir, key);
}

/**
 * Asset files in `dir` (`BRANDING_STORAGE_DIR`, by default `.data/branding-assets/`), one file
 * per key, written to a temporary name then renamed, so a reader never sees half a file.
 */
export function createDiskAssetStorage(dir: string): AssetStorage {
  return {
    async put(key, bytes) {
      const file = fileOf(dir, key);
      if (await stat(file).catch(() => null)) return;
      await mkdir(dir, { recursive: true });
      const temporary = path.join(dir, `.${randomUUID()}.part`);
      try {
        await writeFile(temporary, bytes, { flag: 'wx' });
        await rename(temporary, file);
      } finally {
        await rm(temporary, { force: true });
      }
    },
    async get(key) {
      try {
        return await readFile(fileOf(dir, key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
