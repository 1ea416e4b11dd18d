'use client';

import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Label, Switch, toast } from '@aiconnected/ui';
import type { ModulePolicy } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';

/**
 * An agency's "Businesses may manage their modules" switch (`PUT /modules/policy`): off (the
 * default), only the agency installs and switches its businesses' modules; on, their admins
 * and managers may too. Saved on change.
 */
export function ModulePolicySwitch({
  policy,
  editable,
}: {
  policy: ModulePolicy;
  /** The visitor may change it (modules.install in the agency); else it is only shown. */
  editable: boolean;
}) {
  const router = useRouter();
  const id = useId();
  const [checked, setChecked] = useState(policy.businesses_may_manage);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function change(next: boolean) {
    setPending(true);
    setChecked(next);
    const result = await callApi<ModulePolicy>('/modules/policy', {
      method: 'PUT',
      body: { workspace_id: policy.agency_workspace_id, businesses_may_manage: next },
    });
    setPending(false);
    if (!result.ok) {
      setChecked(!next);
      setError(result.message);
      return;
    }
    setError(null);
    toast.success(
      next
        ? 'Businesses may now manage their own modules.'
        : 'Only the agency manages its businesses’ modules now.',
    );
    router.refresh();
  }

  return (
    <section className="space-y-2 rounded-lg border bg-card p-4" aria-labelledby={`${id}-title`}>
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <h2 id={`${id}-title`} className="font-medium">
            <Label htmlFor={`${id}-switch`} className="text-base">
              Businesses may manage their modules
            </Label>
          </h2>
          <p id={`${id}-hint`} className="text-sm text-muted-foreground">
            When on, the admins and managers of this agency’s businesses install and switch their
            own modules; when off, only the agency does.
          </p>
        </div>
        <Switch
          id={`${id}-switch`}
          className="mt-0.5"
          checked={checked}
          disabled={!editable || pending}
          aria-busy={pending}
          aria-describedby={`${id}-hint`}
          onCheckedChange={(next) => void change(next)}
        />
      </div>
      <FormError message={error} />
    </section>
  );
}
