'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { ChevronsUpDown } from 'lucide-react';
import {
  Button,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@aiconnected/ui';
import type { ContextChangeResult, WorkspaceOption } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { roleLabel } from '../labels';
import { FormError } from '../form-alerts';
import { goToDestination } from './go-to-destination';

interface WorkspaceSwitcherProps {
  activeWorkspaceId: string;
  activeWorkspaceName: string;
  options: WorkspaceOption[];
  /** While impersonating a switch is refused by the API: stop first. */
  impersonating: boolean;
}

/**
 * The active workspace in the header, and a menu of the user's other workspaces. Choosing one
 * calls `POST /api/workspaces/switch` and opens that workspace's dashboard.
 */
export function WorkspaceSwitcher({
  activeWorkspaceId,
  activeWorkspaceName,
  options,
  impersonating,
}: WorkspaceSwitcherProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const others = options.filter((option) => option.id !== activeWorkspaceId);

  if (impersonating || others.length === 0) {
    return (
      <span
        className="truncate text-sm font-medium"
        aria-label={`Workspace: ${activeWorkspaceName}`}
      >
        {activeWorkspaceName}
      </span>
    );
  }

  async function switchTo(workspaceId: string) {
    if (workspaceId === activeWorkspaceId) return;
    setPending(true);
    setError(null);
    const result = await callApi<ContextChangeResult>('/workspaces/switch', {
      method: 'POST',
      body: { workspace_id: workspaceId },
    });
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    goToDestination(router, result.data.destination);
  }

  return (
    <div className="flex min-w-0 items-center gap-2">
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm" className="min-w-0 max-w-[16rem]" disabled={pending}>
            <span className="sr-only">Workspace: </span>
            <span className="truncate">{activeWorkspaceName}</span>
            <ChevronsUpDown className="opacity-60" aria-hidden="true" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-64">
          <DropdownMenuLabel>Switch workspace</DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuRadioGroup
            value={activeWorkspaceId}
            onValueChange={(value) => void switchTo(value)}
          >
            {options.map((option) => (
              <DropdownMenuRadioItem key={option.id} value={option.id}>
                <span className="flex min-w-0 flex-col">
                  <span className="truncate">{option.name}</span>
                  <span className="text-xs text-muted-foreground">
                    {roleLabel(option.role_template)}
                  </span>
                </span>
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
        </DropdownMenuContent>
      </DropdownMenu>
      <div className="absolute left-4 right-4 top-full z-40 mt-2 md:left-auto md:w-96">
        <FormError message={error} />
      </div>
    </div>
  );
}
