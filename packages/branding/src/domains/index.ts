// Custom domains (PRD §15.1, issue 9, docs/domains.md): add, verify (DNS TXT), remove and list
// a workspace's domains, the background checker, and host routing.
export { normalizeRequestHost } from './normalize-request-host';
export {
  resolveHostWorkspace,
  type HostWorkspace,
  type ResolveHostOptions,
} from './resolve-host-workspace';
export {
  createHostWorkspaceCache,
  HOST_CHANGED_CHANNEL,
  type HostWorkspaceCache,
  type HostWorkspaceCacheOptions,
} from './create-host-workspace-cache';
export {
  normalizeDomainHost,
  type DomainHostProblem,
  type DomainHostRules,
} from './normalize-domain-host';
export {
  lookupDomainChallenge,
  type DnsResolverOptions,
  type DomainCheckResult,
} from './lookup-domain-challenge';
export {
  firstCheckAt,
  nextDomainState,
  PENDING_BACKOFF_MS,
  PENDING_FAILURES_BEFORE_FAILED,
  UNREACHABLE_RETRY_MS,
  VERIFIED_FAILURES_BEFORE_LOST,
  VERIFIED_RECHECK_MS,
  VERIFIED_RETRY_MS,
  type DomainState,
  type NextDomainState,
} from './next-domain-state';
export {
  claimExpiresAt,
  DEFAULT_DOMAIN_CLAIM_TTL_DAYS,
  releaseExpiredClaims,
  type ReleasedClaim,
  type ReleaseExpiredClaimsOptions,
} from './domain-claim-expiry';
export { addDomain, type AddDomainInput } from './add-domain';
export { verifyDomain, type VerifyDomainInput } from './verify-domain';
export { removeDomain, type RemoveDomainInput } from './remove-domain';
export { listDomains, type ListDomainsInput } from './list-domains';
export {
  checkDueDomains,
  type CheckDueDomainsOptions,
  type DueDomainsChecked,
} from './check-due-domains';
export {
  startDomainChecker,
  type DomainChecker,
  type DomainCheckerOptions,
} from './start-domain-checker';
