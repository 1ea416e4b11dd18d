import semver from 'semver';
import { SHELL_SDK_CONTRACT_VERSION } from '@aiconnected/sdk-contracts';

/**
 * Whether a module's `engines.shell` range includes the shell's SDK contract version
 * (`semver.satisfies`, prereleases only when the range names one). An empty or unparsable
 * range, or an unparsable version, is not compatible.
 */
export function isShellVersionCompatible(
  range: string,
  version: string = SHELL_SDK_CONTRACT_VERSION,
): boolean {
  // semver reads an empty range as `*`; a module must state one.
  if (range.trim() === '' || semver.valid(version) === null || semver.validRange(range) === null) {
    return false;
  }
  return semver.satisfies(version, range, { includePrerelease: false });
}
