import type { ModuleInstallationState } from './module-installation';

/** What can be done to a module in one workspace (PRD §19): each a route and an audit action. */
export const MODULE_INSTALLATION_ACTIONS = ['install', 'enable', 'disable', 'uninstall'] as const;
export type ModuleInstallationAction = (typeof MODULE_INSTALLATION_ACTIONS)[number];

/** Where a transition starts: a state, or `none` when the workspace never installed the module. */
export type ModuleInstallationFrom = ModuleInstallationState | 'none';
export const MODULE_INSTALLATION_FROM_STATES = [
  'none',
  'installed',
  'enabled',
  'disabled',
  'uninstalled',
] as const satisfies readonly ModuleInstallationFrom[];

/**
 * The one transition table of module installations (PRD §19, §23.6): `from -> action -> to`.
 * (none|uninstalled) -install-> installed; installed -enable-> enabled; enabled -disable->
 * disabled; disabled -enable-> enabled; installed|disabled -uninstall-> uninstalled. Anything
 * else is refused with `CONFLICT` (`details: { from, action }`); an enabled module is disabled
 * before it is uninstalled.
 */
export const MODULE_INSTALLATION_TRANSITIONS = {
  none: { install: 'installed' },
  installed: { enable: 'enabled', uninstall: 'uninstalled' },
  enabled: { disable: 'disabled' },
  disabled: { enable: 'enabled', uninstall: 'uninstalled' },
  uninstalled: { install: 'installed' },
} as const satisfies Record<
  ModuleInstallationFrom,
  Partial<Record<ModuleInstallationAction, ModuleInstallationState>>
>;

/** The state `action` leads to from `from`, or null when the table has no such move. */
export function nextInstallationState(
  from: ModuleInstallationFrom,
  action: ModuleInstallationAction,
): ModuleInstallationState | null {
  const moves: Partial<Record<ModuleInstallationAction, ModuleInstallationState>> =
    MODULE_INSTALLATION_TRANSITIONS[from];
  return moves[action] ?? null;
}
