import { moduleKeySchema } from '@aiconnected/sdk-contracts';
import { readString } from './read-string';

/**
 * The manifest's `id` when it is a well-formed module key, else undefined: the namespace
 * checks then stay silent rather than report every key against a malformed id (the schema
 * already reports the id itself).
 */
export function readModuleId(manifest: unknown): string | undefined {
  const id = readString(manifest, ['id']);
  return id !== undefined && moduleKeySchema.safeParse(id).success ? id : undefined;
}
