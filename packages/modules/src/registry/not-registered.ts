import { ShellError } from '@aiconnected/sdk-contracts';

/** `MODULE_NOT_REGISTERED` for a key (and version) the registry does not hold. */
export function notRegistered(moduleKey: string, version?: string): ShellError {
  return new ShellError(
    'MODULE_NOT_REGISTERED',
    `module ${moduleKey}${version ? ` version ${version}` : ''} is not in the registry`,
    { details: version ? { module_key: moduleKey, version } : { module_key: moduleKey } },
  );
}
