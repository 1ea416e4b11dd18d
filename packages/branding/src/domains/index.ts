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
