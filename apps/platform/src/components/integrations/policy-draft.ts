import {
  CREDENTIAL_RESOLUTION_ORDERS,
  describeCredentialPolicy,
  type CredentialLevel,
  type CredentialPolicy,
  type PutCredentialPolicyRequest,
} from '@aiconnected/sdk-contracts';

/** What the policy editor holds; `order` is the levels joined by commas (a select's value). */
export interface PolicyDraft {
  order: string;
  allowParentFallback: boolean;
  fallbackWhenInvalid: boolean;
  /** Whether the policy narrows the scopes (false: allowed_scopes null). */
  narrow: boolean;
  scopes: string[];
}

/** The orders a workspace of `type` may hold: those starting at its own level. */
export function ordersFor(type: CredentialLevel): CredentialLevel[][] {
  return CREDENTIAL_RESOLUTION_ORDERS.filter((order) => order[0] === type).map((order) => [
    ...order,
  ]);
}

export function draftOf(policy: CredentialPolicy): PolicyDraft {
  return {
    order: policy.resolution_order.join(','),
    allowParentFallback: policy.allow_parent_fallback,
    fallbackWhenInvalid: policy.fallback_when_invalid,
    narrow: policy.allowed_scopes !== null,
    scopes: [...(policy.allowed_scopes ?? [])],
  };
}

export const orderOf = (draft: PolicyDraft) => draft.order.split(',') as CredentialLevel[];

/** The sentence the editor shows under the form, for the draft as it stands. */
export function draftSentence(draft: PolicyDraft): string {
  return describeCredentialPolicy({
    resolution_order: orderOf(draft),
    allow_parent_fallback: draft.allowParentFallback,
    fallback_when_invalid: draft.allowParentFallback && draft.fallbackWhenInvalid,
  }).sentence;
}

/** The PUT of a draft over the policy it was read from (`expected_version` = its version). */
export function putRequestOf(
  policy: CredentialPolicy,
  draft: PolicyDraft,
  availableScopes: readonly string[],
): PutCredentialPolicyRequest {
  return {
    workspace_id: policy.workspace_id,
    provider_key: policy.provider_key,
    resolution_order: orderOf(draft),
    allow_parent_fallback: draft.allowParentFallback,
    fallback_when_invalid: draft.allowParentFallback && draft.fallbackWhenInvalid,
    allowed_scopes: draft.narrow
      ? [
          ...availableScopes.filter((scope) => draft.scopes.includes(scope)),
          ...draft.scopes.filter((scope) => !availableScopes.includes(scope)),
        ]
      : null,
    expected_version: policy.version,
  };
}

/** Whether the draft differs from the policy it was read from. */
export function isDirty(policy: CredentialPolicy, draft: PolicyDraft): boolean {
  const a = draftOf(policy);
  return (
    a.order !== draft.order ||
    a.allowParentFallback !== draft.allowParentFallback ||
    (draft.allowParentFallback && a.fallbackWhenInvalid !== draft.fallbackWhenInvalid) ||
    a.narrow !== draft.narrow ||
    (draft.narrow &&
      (a.scopes.length !== draft.scopes.length || a.scopes.some((s) => !draft.scopes.includes(s))))
  );
}
