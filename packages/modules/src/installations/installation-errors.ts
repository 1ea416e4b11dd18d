import {
  ShellError,
  type ModuleInstallationAction,
  type ModuleInstallationFrom,
} from '@aiconnected/sdk-contracts';

const PAST = {
  install: 'installed',
  enable: 'enabled',
  disable: 'disabled',
  uninstall: 'uninstalled',
  upgrade: 'upgraded',
  rollback: 'rolled back',
} as const;

/** `CONFLICT` for a move the transition table does not have (`details: { from, action }`). */
export function illegalTransition(
  moduleKey: string,
  from: ModuleInstallationFrom,
  action: ModuleInstallationAction | 'upgrade' | 'rollback',
): ShellError {
  const hint =
    from === 'enabled' && action === 'uninstall'
      ? 'Disable the module before uninstalling it.'
      : from === 'none' || from === 'uninstalled'
        ? 'Install the module first.'
        : `The module is ${from} here: it cannot be ${PAST[action]} now.`;
  return new ShellError('CONFLICT', `module ${moduleKey}: no ${action} from ${from}`, {
    userMessage: hint,
    details: { from, action },
  });
}

/** `VALIDATION_BLOCKING` with the issues' paths (`body.config.<key>...`). */
export function invalidInstallation(
  issues: readonly { path: string; message: string }[],
): ShellError {
  return new ShellError('VALIDATION_BLOCKING', 'module installation failed validation', {
    details: { issues: [...issues] },
  });
}
