'use client';

import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Loader2 } from 'lucide-react';
import { Badge, Button, Label, Switch, toast } from '@aiconnected/ui';
import type { ModuleAvailability } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { useApiAction } from '../use-api-action';
import { tokenGrantsSavedText, tokenGrantsView, type TokenGrant } from './token-grants';

const HINT =
  'No token by default: the module’s screens get a short-lived token only for the permissions granted here, and only those the person using them holds.';

/**
 * A module card's "UI tokens" part (`tokenGrantsView`): which of the installed manifest's
 * permissions the module's UI tokens may carry in the workspace. Those who may install switch
 * each one and save (`PUT /modules/{key}/token-permissions`, a toast, then `router.refresh()`);
 * others see the list read-only; a module requesting no permissions says so.
 */
export function ModuleTokenGrants({
  item,
  workspaceId,
  canManage,
}: {
  item: ModuleAvailability;
  workspaceId: string;
  /** The visitor may install here (`modules.install`): the same check as install and upgrade. */
  canManage: boolean;
}) {
  const view = tokenGrantsView(item, { install: canManage });
  const id = useId();
  if (view.kind === 'hidden') return null;
  return (
    <section className="space-y-2 border-t p-4" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="text-sm font-medium">
        UI tokens<span className="sr-only"> of {item.name}</span>
      </h4>
      {view.kind === 'empty' ? (
        <p className="text-sm text-muted-foreground">
          {item.name} requests no permissions, so its screens never get a token.
        </p>
      ) : (
        <>
          <p id={`${id}-hint`} className="text-sm text-muted-foreground">
            {HINT}
          </p>
          {view.kind === 'editable' ? (
            <TokenGrantsForm
              key={item.token_permissions.join(' ')}
              item={item}
              workspaceId={workspaceId}
              permissions={view.permissions}
              hintId={`${id}-hint`}
            />
          ) : (
            <ul className="space-y-1 text-sm" aria-label={`${item.name}: UI token permissions`}>
              {view.permissions.map(({ key, granted }) => (
                <li key={key} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="break-all font-mono">{key}</span>
                  <Badge variant={granted ? 'secondary' : 'outline'}>
                    {granted ? 'Granted' : 'Not granted'}
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** The switches and Save of an editable grant list; remounted when the saved grants change. */
function TokenGrantsForm({
  item,
  workspaceId,
  permissions,
  hintId,
}: {
  item: ModuleAvailability;
  workspaceId: string;
  permissions: readonly TokenGrant[];
  hintId: string;
}) {
  const router = useRouter();
  const id = useId();
  const { pending, error, run } = useApiAction();
  const [granted, setGranted] = useState<ReadonlySet<string>>(
    () => new Set(permissions.filter((permission) => permission.granted).map(({ key }) => key)),
  );
  const changed = permissions.some(({ key, granted: saved }) => granted.has(key) !== saved);

  function toggle(key: string, on: boolean) {
    const next = new Set(granted);
    if (on) next.add(key);
    else next.delete(key);
    setGranted(next);
  }

  async function save() {
    const chosen = permissions.map(({ key }) => key).filter((key) => granted.has(key));
    const result = await run<ModuleAvailability>(
      `/modules/${encodeURIComponent(item.module_key)}/token-permissions`,
      { method: 'PUT', body: { workspace_id: workspaceId, permissions: chosen } },
    );
    if (result.ok) toast.success(tokenGrantsSavedText(item.name, chosen.length));
    // Saved, or refused because the installation moved (uninstalled, upgraded): reload it.
    if (result.ok || result.code === 'MODULE_NOT_ENABLED' || result.code === 'VALIDATION_BLOCKING')
      router.refresh();
  }

  return (
    <div className="space-y-3">
      <ul className="space-y-2" aria-label={`${item.name}: UI token permissions`}>
        {permissions.map(({ key }, index) => (
          <li key={key} className="flex items-center gap-3">
            <Switch
              id={`${id}-${index}`}
              checked={granted.has(key)}
              disabled={pending}
              aria-describedby={hintId}
              onCheckedChange={(on) => toggle(key, on)}
            />
            <Label htmlFor={`${id}-${index}`} className="min-w-0 break-all font-mono font-normal">
              {key}
            </Label>
          </li>
        ))}
      </ul>
      <FormError message={error} />
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={() => void save()}
        disabled={pending || !changed}
        aria-busy={pending}
      >
        {pending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
        Save UI tokens<span className="sr-only"> of {item.name}</span>
      </Button>
    </div>
  );
}
