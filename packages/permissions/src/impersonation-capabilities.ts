import type { Capability } from './capabilities';

/** The capabilities that start an impersonation (`impersonation.*.start`). */
export const IMPERSONATION_START_CAPABILITIES = [
  'impersonation.super.start',
  'impersonation.agency_business.start',
] as const satisfies readonly Capability[];

/**
 * The capabilities of an impersonating session: the actor's effective capabilities in the
 * target minus every `impersonation.*.start` (no nesting), plus `impersonation.stop` (the
 * way out). Never more than the actor holds otherwise: only `impersonation.stop` is added.
 */
export function impersonationCapabilities(actorCapabilities: readonly Capability[]): Capability[] {
  const starts: readonly Capability[] = IMPERSONATION_START_CAPABILITIES;
  const narrowed = new Set(actorCapabilities.filter((capability) => !starts.includes(capability)));
  narrowed.add('impersonation.stop');
  return [...narrowed].sort();
}
