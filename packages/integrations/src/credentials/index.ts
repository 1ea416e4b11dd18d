// Credential policies, their history, resolution and the decision log.
export {
  decideCredentialSource,
  type CredentialDecision,
  type LevelCredential,
  type LevelFacts,
} from './decide-credential-source';
export { readLevelCredentials, type HeldCredential } from './read-level-credentials';
export { readResolutionChain, type ResolutionChain } from './read-resolution-chain';
export {
  resolutionFailed,
  resolveCredentialSource,
  type ResolutionRequest,
} from './resolve-credential-source';
export { resolveCredentialForApi } from './resolve-credential-for-api';
export { getCredentialPolicy } from './get-credential-policy';
export { putCredentialPolicy } from './put-credential-policy';
export { listCredentialPolicyHistory } from './list-credential-policy-history';
export { listResolutionDecisions } from './list-resolution-decisions';
export {
  CREDENTIAL_RECORD_RETENTION_DAYS,
  pruneCredentialRecords,
} from './prune-credential-records';
export {
  CREDENTIAL_REFRESH_MARGIN_MS,
  resolveCredential,
  type ResolveCredentialDeps,
  type ResolveCredentialInput,
} from './resolve-credential';
