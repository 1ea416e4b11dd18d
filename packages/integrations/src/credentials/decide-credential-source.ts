import type {
  CredentialLevel,
  CredentialResolutionReason,
  ResolutionStep,
} from '@aiconnected/sdk-contracts';

/** What a level of the chain holds for the provider (design 13 §0: valid, invalid, none). */
export type LevelCredential = ResolutionStep['credential'];

/**
 * One level of a resolution chain: the workspace, what it holds for the provider (and which
 * connection, when valid) and the fallback switches of its policy (both false without a row:
 * no row fails closed).
 */
export interface LevelFacts {
  level: CredentialLevel;
  workspaceId: string;
  credential: LevelCredential;
  /** The connection a valid credential comes from; null unless `credential` is `valid`. */
  connectionId: string | null;
  allowParentFallback: boolean;
  fallbackWhenInvalid: boolean;
}

/** Where the walk ended: the source of the credential, or why there is none. */
export interface CredentialDecision {
  outcome: 'resolved' | 'failed';
  resolvedScope: CredentialLevel | 'none';
  sourceWorkspaceId: string | null;
  connectionId: string | null;
  reason: CredentialResolutionReason;
  /** The levels visited, in order, as the decision row records them. */
  steps: ResolutionStep[];
}

function stepOf(facts: LevelFacts): ResolutionStep {
  return {
    level: facts.level,
    workspace_id: facts.workspaceId,
    credential: facts.credential,
    allow_parent_fallback: facts.allowParentFallback,
    fallback_when_invalid: facts.fallbackWhenInvalid,
  };
}

function failed(reason: CredentialResolutionReason, steps: ResolutionStep[]): CredentialDecision {
  return {
    outcome: 'failed',
    resolvedScope: 'none',
    sourceWorkspaceId: null,
    connectionId: null,
    reason,
    steps,
  };
}

/**
 * The decision table of credential resolution (design 13 §4; docs/integrations.md), pure:
 * walks `chain` (the workspace first, then its ancestors, already cut to the workspace's
 * resolution order) and stops at the first level that decides.
 * - a valid credential resolves there (`own_credential` at the workspace, else `parent_fallback`);
 * - an invalid one fails (`credential_invalid`) unless it is not the last level and its policy
 *   allows both falling back and falling back from an invalid credential;
 * - none at the last level fails (`not_found` at the workspace, else `order_exhausted`); none
 *   elsewhere goes on only when the level's policy allows falling back (`fallback_not_allowed`).
 * An empty chain (an order that does not start at the workspace's level) finds nothing.
 */
export function decideCredentialSource(chain: readonly LevelFacts[]): CredentialDecision {
  const steps: ResolutionStep[] = [];
  for (const [index, facts] of chain.entries()) {
    steps.push(stepOf(facts));
    const last = index === chain.length - 1;
    if (facts.credential === 'valid') {
      return {
        outcome: 'resolved',
        resolvedScope: facts.level,
        sourceWorkspaceId: facts.workspaceId,
        connectionId: facts.connectionId,
        reason: index === 0 ? 'own_credential' : 'parent_fallback',
        steps,
      };
    }
    if (facts.credential === 'invalid') {
      if (last || !facts.allowParentFallback || !facts.fallbackWhenInvalid) {
        return failed('credential_invalid', steps);
      }
      continue;
    }
    if (last) return failed(index === 0 ? 'not_found' : 'order_exhausted', steps);
    if (!facts.allowParentFallback) return failed('fallback_not_allowed', steps);
  }
  return failed('not_found', steps);
}
