'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { ChevronRight } from 'lucide-react';
import { Badge, Button } from '@aiconnected/ui';
import type { ContextChangeResult, WorkspaceOption } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { roleLabel } from '../labels';
import { goToDestination } from '../shell/go-to-destination';
import { useApiAction } from '../use-api-action';

const TYPE_LABELS = { super: 'Platform', agency: 'Agency', business: 'Business' } as const;

/**
 * The workspaces a user can act in; choosing one calls `POST /api/workspaces/switch` and opens
 * `next` (when the visitor was on their way somewhere) or the workspace's dashboard.
 */
export function WorkspacePicker({
  options,
  activeWorkspaceId,
  next,
}: {
  options: WorkspaceOption[];
  activeWorkspaceId: string | null;
  next: string | null;
}) {
  const router = useRouter();
  const { error, run } = useApiAction();
  const [choosing, setChoosing] = useState<string | null>(null);

  async function choose(option: WorkspaceOption) {
    setChoosing(option.id);
    const result = await run<ContextChangeResult>('/workspaces/switch', {
      method: 'POST',
      body: { workspace_id: option.id },
    });
    setChoosing(null);
    if (result.ok) goToDestination(router, next ?? result.data.destination);
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <ul className="space-y-2" aria-label="Your workspaces">
        {options.map((option) => (
          <li key={option.id}>
            <Button
              variant="outline"
              className="h-auto w-full justify-between px-4 py-3 text-left"
              onClick={() => void choose(option)}
              disabled={choosing !== null}
              aria-busy={choosing === option.id}
            >
              <span className="flex min-w-0 flex-col gap-1">
                <span className="truncate font-medium">{option.name}</span>
                <span className="flex flex-wrap items-center gap-2 text-xs font-normal text-muted-foreground">
                  <Badge variant="secondary">{TYPE_LABELS[option.type]}</Badge>
                  {roleLabel(option.role_template)}
                  {option.id === activeWorkspaceId ? <span>· current</span> : null}
                </span>
              </span>
              <ChevronRight aria-hidden="true" />
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
