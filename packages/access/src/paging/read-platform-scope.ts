import type { Tx } from '@aiconnected/db';

/**
 * Whether the request acts in platform scope (`shell.in_platform_scope()`, migration 023: a
 * super member acting in the super workspace), where every workspace is visible: list queries
 * then leave out their scope filter, which would otherwise list every workspace.
 */
export async function readPlatformScope(tx: Tx): Promise<boolean> {
  const { rows } = await tx.query<{ platform: boolean }>(
    'select shell.in_platform_scope() as platform',
  );
  return rows[0]?.platform === true;
}
