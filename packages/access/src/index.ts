// The shared access layer of every domain package (PRD §7): who acts, in which workspace,
// with which capabilities, governing which workspaces (the actor view, the first layer; RLS is
// the second); the require checks built on it; Postgres errors as ShellErrors; the audit
// writer typed by AUDIT_ACTIONS; keyset paging. Domain packages (identity, branding, modules,
// billing…) import these from here, never write their own.
export {
  loadGoverningMemberships,
  toGoverningMemberships,
  type GoverningMemberships,
  type GoverningRow,
  type LoadGoverningMembershipsInput,
} from './actor/load-governing-memberships';
export { loadActorView, type ActorView, type ActorWorkspaceAccess } from './actor/load-actor-view';
export { readActorCapabilities } from './actor/read-actor-capabilities';
export { requireWorkspaceAccess } from './checks/require-workspace-access';
export { requireWorkspaceCapability } from './checks/require-workspace-capability';
export { requireActiveCapability } from './checks/require-active-capability';
export { requireCapability } from './checks/require-capability';
export { holdsPlatformCapability } from './checks/holds-platform-capability';
export { requirePlatformCapability } from './checks/require-platform-capability';
export { permissionDenied, workspaceForbidden } from './errors/access-errors';
export { translateWriteError, type WriteConflicts } from './errors/translate-write-error';
export { recordAudit, type AuditedAction } from './audit/record-audit';
// The page sizes of every list endpoint, and keyset cursors (`limit`, `cursor`, `next_cursor`).
export {
  decodePageCursor,
  encodePageCursor,
  PAGE_LIMIT,
  toPage,
  type CursorValueKind,
} from './paging/page-cursor';
export { readPlatformScope } from './paging/read-platform-scope';
