import type { Tx } from '@aiconnected/db';
import type { RegistryView } from '@aiconnected/module-sdk';
import { SHELL_SDK_CONTRACT_VERSION, type ModuleManifest } from '@aiconnected/sdk-contracts';

export interface ReadRegistryViewOptions {
  /** The shell's own origins (a module frontend on one of them is refused). */
  shellOrigins?: readonly string[];
  /** A row left out (a draft being promoted is assessed against the others). */
  excludeId?: string;
}

/**
 * The registry as `assess` sees it: every draft and registered manifest of any key (rejected
 * rows aside) and the shell's SDK contract version. Read in `tx` (the registry is global:
 * every authenticated request reads it).
 */
export async function readRegistryView(
  tx: Tx,
  options: ReadRegistryViewOptions = {},
): Promise<RegistryView> {
  const { rows } = await tx.query<{ status: 'draft' | 'registered'; manifest: ModuleManifest }>(
    `select r.status, r.manifest_json as manifest from public.module_registry r
      where r.status in ('draft', 'registered') and ($1::uuid is null or r.id <> $1::uuid)
      order by r.module_key, r.created_at, r.id`,
    [options.excludeId ?? null],
  );
  return {
    shellVersion: SHELL_SDK_CONTRACT_VERSION,
    entries: rows,
    ...(options.shellOrigins ? { shellOrigins: options.shellOrigins } : {}),
  };
}
