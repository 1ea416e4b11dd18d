'use client';

import { SingleFieldForm } from '../single-field-form';

/** Changes one's own display name (`PATCH /api/users/{id}` `{profile: {display_name}}`). */
export function ProfileForm({ userId, displayName }: { userId: string; displayName: string }) {
  return (
    <SingleFieldForm
      label="Display name"
      input={{ id: 'display-name', name: 'display_name', autoComplete: 'name' }}
      initialValue={displayName}
      submitLabel="Save profile"
      successMessage="Profile saved."
      save={(value, run) =>
        run(`/users/${userId}`, { method: 'PATCH', body: { profile: { display_name: value } } })
      }
    />
  );
}
