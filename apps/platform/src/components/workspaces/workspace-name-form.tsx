'use client';

import { SingleFieldForm } from '../single-field-form';

/** Renames the workspace (`PATCH /api/workspaces/{id}`); its URL handle stays. */
export function WorkspaceNameForm({ workspaceId, name }: { workspaceId: string; name: string }) {
  return (
    <SingleFieldForm
      label="Workspace name"
      input={{ id: 'workspace-name', name: 'name' }}
      initialValue={name}
      submitLabel="Save changes"
      successMessage="Workspace settings saved."
      save={(value, run) =>
        run(`/workspaces/${workspaceId}`, { method: 'PATCH', body: { name: value } })
      }
    />
  );
}
