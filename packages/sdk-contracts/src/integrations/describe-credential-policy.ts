import type { CredentialLevel, CredentialPolicyEffect } from './credential-api';

/** The switches and order of a credential policy, as `describeCredentialPolicy` reads them. */
export interface CredentialPolicySwitches {
  resolution_order: readonly CredentialLevel[];
  allow_parent_fallback: boolean;
  fallback_when_invalid: boolean;
}

const OWN: Record<CredentialLevel, string> = {
  business: 'this business',
  agency: 'this agency',
  super: 'the platform',
};
const PARENT: Record<CredentialLevel, string> = {
  business: 'the business',
  agency: 'the agency',
  super: 'the platform',
};

/** `a`, `a, then b`. */
function inTurn(levels: readonly CredentialLevel[]): string {
  return levels.map((level) => `${PARENT[level]}’s`).join(', then ');
}

/**
 * What a credential policy does, as levels and one plain sentence: the one wording the API
 * (`CredentialPolicy.effective`) and the policy editor show (issue 13, PRD §23.5). `levels` are
 * the levels this policy lets resolution reach; an ancestor's own policy decides whether
 * resolution goes on past that ancestor, and it never leaves the workspace's own ancestry.
 */
export function describeCredentialPolicy(policy: CredentialPolicySwitches): CredentialPolicyEffect {
  const [own, ...parents] = policy.resolution_order;
  if (own === undefined) return { levels: [], sentence: 'No credential is ever used.' };
  const ownCredential = `Uses ${OWN[own]}’s own credential`;
  if (parents.length === 0) {
    return {
      levels: [own],
      sentence: `${ownCredential} only: the resolution order ends at this level, so nothing falls back.`,
    };
  }
  if (!policy.allow_parent_fallback) {
    return {
      levels: [own],
      sentence: `${ownCredential} only. Without a valid one, resolution fails: falling back to ${inTurn(parents.slice(0, 1))} credential is off.`,
    };
  }
  const [parent, ...further] = parents;
  const whenNone = policy.fallback_when_invalid
    ? 'If it has none, or it is invalid or expired'
    : 'If it has none';
  const onwards =
    parent !== undefined && further.length > 0
      ? `, then ${inTurn(further)} if ${PARENT[parent]}’s own policy allows falling back`
      : '';
  const invalid = policy.fallback_when_invalid
    ? ''
    : ' An invalid or expired own credential fails without falling back.';
  return {
    levels: [own, ...parents],
    sentence:
      `${ownCredential} first. ${whenNone}, it uses ${inTurn(parents.slice(0, 1))} credential${onwards}.` +
      `${invalid} Never another agency’s credential.`,
  };
}
