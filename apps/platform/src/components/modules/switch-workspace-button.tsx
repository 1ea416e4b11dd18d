'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@aiconnected/ui';
import type { ContextChangeResult } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { useApiAction } from '../use-api-action';

/**
 * Switches the session to `workspaceId` (`POST /api/workspaces/switch`) and opens `next` there:
 * a module page opened for another workspace than the active one. The API decides whether
 * the visitor may; its refusal shows above the button.
 */
export function SwitchWorkspaceButton({
  workspaceId,
  workspaceName,
  next,
}: {
  workspaceId: string;
  workspaceName: string;
  next: string;
}) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();

  async function switchWorkspace() {
    const result = await run<ContextChangeResult>('/workspaces/switch', {
      method: 'POST',
      body: { workspace_id: workspaceId },
    });
    if (!result.ok) return;
    router.push(next);
    router.refresh();
  }

  return (
    // The error's live region is always there; it takes room only with a message in it.
    <div className="[&>div:not(:empty)]:mb-3">
      <FormError message={error} />
      <Button
        type="button"
        onClick={() => void switchWorkspace()}
        disabled={pending}
        aria-busy={pending}
      >
        Switch to {workspaceName}
      </Button>
    </div>
  );
}
