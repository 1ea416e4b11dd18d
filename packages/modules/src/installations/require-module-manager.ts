import type { Tx } from '@aiconnected/db';
import {
  requireWorkspaceCapability,
  type ActorView,
  type ActorWorkspaceAccess,
} from '@aiconnected/access';
import { effectiveCapabilities, type Capability } from '@aiconnected/permissions';
import { ShellError } from '@aiconnected/sdk-contracts';
import { readPolicyRow } from './read-module-policy';

/**
 * The actor's access to `workspaceId` when it may use `capability` on the workspace's modules
 * (docs/modules.md "Who may do what"): it holds the capability there (`WORKSPACE_FORBIDDEN`,
 * `PERMISSION_DENIED` otherwise, as everywhere); and for a business, when the capability comes
 * only from the business's own roles, its agency's policy must let businesses manage their
 * modules (`PERMISSION_DENIED` with `details.reason: "agency_policy"`). An agency admin or
 * manager of the parent agency and super are not bound by the policy.
 */
export async function requireModuleManager(
  tx: Tx,
  view: ActorView,
  workspaceId: string,
  capability: Capability,
  what: string,
): Promise<ActorWorkspaceAccess> {
  const access = await requireWorkspaceCapability(view, workspaceId, capability, what);
  const { workspace } = access;
  if (workspace.type !== 'business' || workspace.parentWorkspaceId === null) return access;
  const fromAbove = effectiveCapabilities(
    access.memberships.filter((membership) => membership.relation !== 'member'),
  );
  if (fromAbove?.capabilities.includes(capability)) return access;
  const policy = await readPolicyRow(tx, workspace.parentWorkspaceId);
  if (policy.businesses_may_manage) return access;
  throw new ShellError('PERMISSION_DENIED', `${what}: the agency manages this business's modules`, {
    userMessage:
      "Your agency manages this workspace's modules: ask them, or ask them to let businesses manage their own modules.",
    details: {
      required_permission: capability,
      reason: 'agency_policy',
      policy_workspace_id: workspace.parentWorkspaceId,
    },
  });
}
