import { z } from 'zod';

// The regular expression recommended by semver.org (2.0.0), anchored. Hand-written because the
// `semver` package is only present transitively (no types, not a dependency of ours).
const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

// A version inside a range may be partial or use x/X/* wildcards (`1`, `1.2`, `1.x`, `*`),
// as in npm ranges; a full version may carry a prerelease tag.
const PARTIAL_VERSION_PATTERN =
  /^(?:[xX*]|0|[1-9]\d*)(?:\.(?:[xX*]|0|[1-9]\d*)(?:\.(?:[xX*]|0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$/;

const COMPARATOR_PATTERN = /^(\^|~|>=|<=|>|<|=)?v?(.+)$/;
const MAX_LENGTH = 256;

/** Whether `value` is a strict semantic version (`1.2.3`, `1.2.3-beta.1+build.5`; no `v` prefix). */
export function isSemver(value: string): boolean {
  return value.length <= MAX_LENGTH && SEMVER_PATTERN.test(value);
}

/**
 * Whether `value` is an npm-style semver range: comparator sets joined by `||`, each a
 * space-separated list of `^ ~ >= <= > < =` comparators or a hyphen range `1.2.3 - 2.3.4`.
 * Only the syntax is checked here; whether a version satisfies the range is for the
 * compatibility checker of module-sdk.
 */
export function isSemverRange(value: string): boolean {
  if (value.length === 0 || value.length > MAX_LENGTH) return false;
  return value.split('||').every((set) => isComparatorSet(set.trim()));
}

function isComparatorSet(set: string): boolean {
  if (set === '') return false;
  const hyphen = set.split(/\s+-\s+/);
  if (hyphen.length === 2) return hyphen.every((side) => PARTIAL_VERSION_PATTERN.test(side));
  if (hyphen.length > 2) return false;
  return set.split(/\s+/).every(isComparator);
}

function isComparator(comparator: string): boolean {
  const match = COMPARATOR_PATTERN.exec(comparator);
  const version = match?.[2];
  return version !== undefined && PARTIAL_VERSION_PATTERN.test(version);
}

/** A strict semantic version string (semver.org 2.0.0). */
export const semverSchema = z
  .string()
  .refine(isSemver, {
    message: 'Must be a semantic version such as 1.2.3 (semver.org 2.0.0)',
    params: { code: 'SEMVER_INVALID' },
  })
  .meta({ description: 'Semantic version, semver.org 2.0.0 (e.g. 1.4.0 or 2.0.0-beta.1)' });

/** An npm-style semver range such as `^1.2.0` or `>=1.0.0 <2.0.0`. */
export const semverRangeSchema = z
  .string()
  .refine(isSemverRange, {
    message: 'Must be a semver range such as ^1.0.0 or >=1.0.0 <2.0.0',
    params: { code: 'SEMVER_RANGE_INVALID' },
  })
  .meta({ description: 'npm-style semver range (e.g. ^1.0.0, ~1.2.0, >=1.0.0 <2.0.0)' });
