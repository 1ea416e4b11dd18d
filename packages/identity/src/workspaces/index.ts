export { createWorkspace, type CreateWorkspaceInput } from './create-workspace';
export { createChildWorkspace, type CreateChildWorkspaceInput } from './create-child-workspace';
export { getWorkspace, type GetWorkspaceInput } from './get-workspace';
export { listWorkspaces, type ListWorkspacesInput } from './list-workspaces';
export { updateWorkspace, type UpdateWorkspaceInput } from './update-workspace';
export { slugifyWorkspaceName } from './workspace-name';
export { CHILD_TYPE } from './workspace-record';
export {
  listWorkspaceMemberships,
  type ListWorkspaceMembershipsInput,
} from './list-workspace-memberships';
