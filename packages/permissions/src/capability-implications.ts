import type { Capability } from './capabilities';

/**
 * Capabilities that include others: holding the key counts as holding each listed capability
 * when rights are compared (granting a role or an override). `impersonation.super.start`
 * impersonates any agency or business, so it covers the agency-scoped start. Mirrored in SQL
 * by `shell.holds_all_capabilities` (migration 020); a test compares both for every role pair.
 */
export const CAPABILITY_IMPLICATIONS = {
  'impersonation.super.start': ['impersonation.agency_business.start'],
} as const satisfies Partial<Record<Capability, readonly Capability[]>>;

/**
 * Whether `held` covers every capability of `required`, directly or through
 * `CAPABILITY_IMPLICATIONS`: the comparison behind "nobody grants more than they hold".
 */
export function holdsAllCapabilities(
  held: readonly Capability[],
  required: readonly Capability[],
): boolean {
  const covered = new Set<Capability>(held);
  for (const [implier, implied] of Object.entries(CAPABILITY_IMPLICATIONS)) {
    if (covered.has(implier as Capability))
      for (const capability of implied) covered.add(capability);
  }
  return required.every((capability) => covered.has(capability));
}
