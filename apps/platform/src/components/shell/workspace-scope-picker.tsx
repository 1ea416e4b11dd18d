'use client';

import { useId } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Label, NativeSelect } from '@aiconnected/ui';
import type { WorkspaceType } from '@aiconnected/sdk-contracts';

/** A workspace the picker offers (what `readWorkspaceScope` lists, lib/workspace-scope.ts). */
export interface ScopePickerOption {
  id: string;
  name: string;
  type: WorkspaceType;
  active: boolean;
}

/** The query parameter the picker sets (WORKSPACE_SCOPE_PARAM in lib/workspace-scope.ts). */
const PARAM = 'workspace';

/**
 * Which workspace a section (branding, modules) shows: the active workspace and, for an
 * agency, its businesses. The choice lives in the URL (`?workspace=<id>`, kept across the
 * tabs), so a page reads it on the server and a link to it opens the same workspace. With one
 * workspace to offer it just names it: `<subject> of <name><superNote>`.
 */
export function WorkspaceScopePicker({
  options,
  subject,
  superLabel,
  superNote,
}: {
  options: ScopePickerOption[];
  /** What the section shows of the workspace: `Branding`, `Modules`. */
  subject: string;
  /** How the super workspace is named in the list: `platform baseline`, `platform`. */
  superLabel: string;
  /** Said after the super workspace's name when it is the only one, e.g. ` (the platform baseline every agency inherits)`. */
  superNote?: string;
}) {
  const id = useId();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const active = options.find((option) => option.active);
  const selected = searchParams.get(PARAM) ?? active?.id ?? '';

  if (options.length <= 1) {
    return (
      <p className="text-sm text-muted-foreground">
        {subject} of <span className="font-medium text-foreground">{active?.name}</span>
        {active?.type === 'super' ? (superNote ?? '') : ''}
      </p>
    );
  }

  /** `Northwind Agency (this agency)`, `Northwind Dental (business)`, `Platform (platform baseline)`. */
  function optionLabel(option: ScopePickerOption): string {
    if (option.type === 'super') return `${option.name} (${superLabel})`;
    return `${option.name} (${option.active ? 'this ' : ''}${option.type})`;
  }

  function pick(workspaceId: string) {
    const next = new URLSearchParams(searchParams.toString());
    if (workspaceId === active?.id) next.delete(PARAM);
    else next.set(PARAM, workspaceId);
    const query = next.toString();
    router.push(query ? `${pathname}?${query}` : pathname);
  }

  return (
    <div className="grid w-full gap-1.5 sm:w-80 sm:shrink-0">
      <Label htmlFor={id}>Workspace</Label>
      <NativeSelect id={id} value={selected} onChange={(event) => pick(event.target.value)}>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {optionLabel(option)}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
