import type { ModuleAvailability } from '@aiconnected/sdk-contracts';

/** What the visitor may do to modules in the picked workspace (their capabilities there). */
export interface ModuleAbilities {
  install: boolean;
  enable: boolean;
  disable: boolean;
}

/** The buttons of a module card, in the order they are shown. */
export type ModuleAction = 'install' | 'enable' | 'disable' | 'upgrade' | 'rollback' | 'uninstall';

const INSTALLED_HERE: ReadonlySet<ModuleAvailability['state']> = new Set([
  'installed',
  'enabled',
  'disabled',
]);

/** Whether a module is installed in the workspace (installed, enabled or disabled there). */
export const isInstalledHere = (state: ModuleAvailability['state']): boolean =>
  INSTALLED_HERE.has(state);

/**
 * The actions a module card offers: what the transition table allows from its state
 * (MODULE_INSTALLATION_TRANSITIONS: install from none/uninstalled, enable from installed or
 * disabled, disable from enabled, uninstall from installed or disabled, never from enabled),
 * upgrade when a newer version is current, roll back when there is a previous version, each
 * only with its capability (install, upgrade, roll back and uninstall: `modules.install`).
 * The API checks all of it again.
 */
export function moduleActionsFor(
  item: Pick<ModuleAvailability, 'state' | 'upgrade_available' | 'previous_version'>,
  abilities: ModuleAbilities,
): ModuleAction[] {
  const { state } = item;
  const installedHere = isInstalledHere(state);
  const offered: [ModuleAction, boolean][] = [
    ['install', abilities.install && (state === 'not_installed' || state === 'uninstalled')],
    ['enable', abilities.enable && (state === 'installed' || state === 'disabled')],
    ['disable', abilities.disable && state === 'enabled'],
    ['upgrade', abilities.install && installedHere && item.upgrade_available],
    ['rollback', abilities.install && installedHere && item.previous_version !== null],
    ['uninstall', abilities.install && (state === 'installed' || state === 'disabled')],
  ];
  return offered.filter(([, allowed]) => allowed).map(([action]) => action);
}
