import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { notRegistered } from './not-registered';
import { readRegistryRow } from './read-registry-row';
import type { RegistryRow } from './registry-record';

/**
 * The draft a review acts on (`promoteDraft`, `rejectDraft`), locked: `MODULE_NOT_REGISTERED`
 * for an unknown key or version, `CONFLICT` (details `status`, `action`) for a row that is no
 * draft. `what` names the operation in the error's log message.
 */
export async function lockDraft(
  tx: Tx,
  moduleKey: string,
  version: string,
  action: 'promote' | 'reject',
  what: string,
): Promise<RegistryRow> {
  const draft = await readRegistryRow(tx, moduleKey, version, true);
  if (!draft) throw notRegistered(moduleKey, version);
  if (draft.status !== 'draft') {
    throw new ShellError('CONFLICT', `${what}: the version is ${draft.status}`, {
      details: { status: draft.status, action },
    });
  }
  return draft;
}
