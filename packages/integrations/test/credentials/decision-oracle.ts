import type { CredentialResolutionReason } from '@aiconnected/sdk-contracts';

// The decision table of design 13 §4 written out again for the tests, as nested switches over
// one business -> agency -> super chain, never by calling decideCredentialSource: the 72 cases
// of the decision-table test and their expected outcome.

/** What the business, its agency and the platform hold, and the switches of their policies. */
export interface TableCase {
  own: 'valid' | 'invalid' | 'none';
  agency: 'valid' | 'none';
  super: 'valid' | 'none';
  businessAllow: boolean;
  /** Only true when `businessAllow` (046 refuses it otherwise). */
  businessWhenInvalid: boolean;
  agencyAllow: boolean;
}

/** The expected decision: where it resolved (or not), why, and how many levels it visited. */
export interface ExpectedDecision {
  outcome: 'resolved' | 'failed';
  scope: 'business' | 'agency' | 'super' | 'none';
  reason: CredentialResolutionReason;
  visited: 1 | 2 | 3;
}

const resolvedAt = (
  scope: 'business' | 'agency' | 'super',
  reason: CredentialResolutionReason,
  visited: 1 | 2 | 3,
): ExpectedDecision => ({ outcome: 'resolved', scope, reason, visited });

const failedWith = (reason: CredentialResolutionReason, visited: 1 | 2 | 3): ExpectedDecision => ({
  outcome: 'failed',
  scope: 'none',
  reason,
  visited,
});

/** The platform: the last level of the default order. */
function atSuper(c: TableCase): ExpectedDecision {
  switch (c.super) {
    case 'valid':
      return resolvedAt('super', 'parent_fallback', 3);
    case 'none':
      return failedWith('order_exhausted', 3);
  }
}

/** The agency: never invalid in these cases; none goes on only when its policy allows it. */
function atAgency(c: TableCase): ExpectedDecision {
  switch (c.agency) {
    case 'valid':
      return resolvedAt('agency', 'parent_fallback', 2);
    case 'none':
      return c.agencyAllow ? atSuper(c) : failedWith('fallback_not_allowed', 2);
  }
}

/** The expected decision of resolving for the business of `c` with the default order. */
export function expectedDecision(c: TableCase): ExpectedDecision {
  switch (c.own) {
    case 'valid':
      return resolvedAt('business', 'own_credential', 1);
    case 'invalid':
      // No silent fallback: an invalid own credential goes on only with both switches on.
      return c.businessAllow && c.businessWhenInvalid
        ? atAgency(c)
        : failedWith('credential_invalid', 1);
    case 'none':
      return c.businessAllow ? atAgency(c) : failedWith('fallback_not_allowed', 1);
  }
}

/** own x agency x super x business switches (off, fallback, fallback + invalid) x agency allow. */
export function allTableCases(): TableCase[] {
  const cases: TableCase[] = [];
  for (const own of ['valid', 'invalid', 'none'] as const) {
    for (const agency of ['valid', 'none'] as const) {
      for (const superState of ['valid', 'none'] as const) {
        for (const [businessAllow, businessWhenInvalid] of [
          [false, false],
          [true, false],
          [true, true],
        ] as const) {
          for (const agencyAllow of [true, false]) {
            cases.push({
              own,
              agency,
              super: superState,
              businessAllow,
              businessWhenInvalid,
              agencyAllow,
            });
          }
        }
      }
    }
  }
  return cases;
}

/** A case in one line, for test names. */
export function describeCase(c: TableCase): string {
  const switches = `B.allow=${String(c.businessAllow)} B.when_invalid=${String(c.businessWhenInvalid)} A.allow=${String(c.agencyAllow)}`;
  return `own ${c.own}, agency ${c.agency}, super ${c.super}, ${switches}`;
}
