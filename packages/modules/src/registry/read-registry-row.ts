import type { Tx } from '@aiconnected/db';
import { REGISTRY_COLUMNS, REGISTRY_FROM, type RegistryRow } from './registry-record';

/** The registry row of `moduleKey` at `version`, or null; `lock` takes it FOR UPDATE. */
export async function readRegistryRow(
  tx: Tx,
  moduleKey: string,
  version: string,
  lock = false,
): Promise<RegistryRow | null> {
  const { rows } = await tx.query<RegistryRow>(
    `select ${REGISTRY_COLUMNS} from ${REGISTRY_FROM}
      where r.module_key = $1 and r.version = $2${lock ? ' for update of r' : ''}`,
    [moduleKey, version],
  );
  return rows[0] ?? null;
}
