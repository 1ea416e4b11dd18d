import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';

/** The installation credentials belong to. */
export interface CredentialInstallation {
  id: string;
  workspace_id: string;
  module_key: string;
  state: string;
}

/**
 * The installation of `moduleKey` in `workspaceId` (whose access the caller checked), locked
 * with `for update` when asked (issuing: concurrent rotations of one installation queue).
 * `NOT_FOUND` when the workspace never installed the module, or, with `installedOnly`, when it
 * is uninstalled: nothing to issue credentials for.
 */
export async function installationOf(
  tx: Tx,
  input: { workspaceId: string; moduleKey: string; lock?: boolean; installedOnly?: boolean },
): Promise<CredentialInstallation> {
  const { rows } = await tx.query<CredentialInstallation>(
    `select i.id, i.workspace_id, i.module_key, i.state
       from public.module_installations i
      where i.workspace_id = $1 and i.module_key = $2
      ${input.lock ? 'for update' : ''}`,
    [input.workspaceId, input.moduleKey],
  );
  const [row] = rows;
  if (!row || (input.installedOnly && row.state === 'uninstalled')) {
    throw new ShellError('NOT_FOUND', `module ${input.moduleKey} is not installed here`, {
      userMessage: 'This module is not installed in this workspace.',
    });
  }
  return row;
}
