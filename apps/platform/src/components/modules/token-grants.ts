import type { ModuleAvailability } from '@aiconnected/sdk-contracts';
import { isInstalledHere, type ModuleAbilities } from './module-actions';

/** A requestable permission and whether the module's UI tokens may carry it here. */
export interface TokenGrant {
  key: string;
  granted: boolean;
}

/** What a module card's "UI tokens" part shows (`tokenGrantsView`). */
export type TokenGrantsView =
  | { kind: 'hidden' }
  | { kind: 'empty' }
  | { kind: 'editable' | 'read_only'; permissions: TokenGrant[] };

/**
 * The "UI tokens" part of a module card: none before the module is installed here; a line
 * saying so when its manifest requests no permissions; else each requestable permission
 * (the installed version's manifest `permissions`, in its order) with whether the module's UI
 * tokens may carry it here, `editable` for those who may install (`modules.install`, as for
 * install and upgrade; the API checks it again), read-only for everyone else.
 */
export function tokenGrantsView(
  item: Pick<ModuleAvailability, 'state' | 'token_permissions' | 'requestable_permissions'>,
  abilities: Pick<ModuleAbilities, 'install'>,
): TokenGrantsView {
  if (!isInstalledHere(item.state)) return { kind: 'hidden' };
  if (item.requestable_permissions.length === 0) return { kind: 'empty' };
  const granted = new Set(item.token_permissions);
  return {
    kind: abilities.install ? 'editable' : 'read_only',
    permissions: item.requestable_permissions.map((key) => ({ key, granted: granted.has(key) })),
  };
}

/** The toast after saving a module's UI token grants. */
export function tokenGrantsSavedText(moduleName: string, granted: number): string {
  return granted === 0
    ? `${moduleName} gets no UI tokens here now.`
    : `${moduleName}’s UI tokens may carry ${granted} permission${granted === 1 ? '' : 's'} here now.`;
}
