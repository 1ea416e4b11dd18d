'use client';

import { useCallback, useId, useRef, useState, type MouseEvent } from 'react';
import { useRouter } from 'next/navigation';
import { CreditCard, Loader2, RefreshCw } from 'lucide-react';
import { Badge, Button, toast } from '@aiconnected/ui';
import {
  issuedCredentialsSchema,
  type IssuedCredentials,
  type ModuleAvailability,
  type ModuleHealth,
  type ModuleHealthCheck,
  type ModuleInstallationStateView,
} from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { ConfirmDialog } from '../confirm-dialog';
import { FormError } from '../form-alerts';
import { InstallModuleDialog } from './install-module-dialog';
import { isInstalledHere, moduleActionsFor, type ModuleAbilities } from './module-actions';
import { ModuleCredentials } from './module-credentials';
import { ModuleBreakerBadge, ModuleHealthBadge } from './module-health-badge';
import {
  breakerStatusOf,
  healthCheckText,
  MODULE_STATE_LABELS,
  moduleActionErrorText,
} from './module-labels';
import { ModuleTokenGrants } from './module-token-grants';
import { UpgradeModuleDialog } from './upgrade-module-dialog';

/** The later of two health checks (by `checked_at`); a never-checked one loses. */
function newerHealth(a: ModuleHealth, b: ModuleHealth | null): ModuleHealth {
  if (b === null || b.checked_at === null) return a;
  if (a.checked_at === null) return b;
  return Date.parse(b.checked_at) > Date.parse(a.checked_at) ? b : a;
}

type Dialog = 'install' | 'upgrade' | 'uninstall' | 'rollback' | null;

/**
 * One registered module in the picked workspace: name, version (and whether an upgrade is
 * available), state, health with its last check and "Check now", the gateway's circuit breaker
 * when it is not closed, paid; once installed, its UI token grants; and the actions its state
 * allows and the visitor's capabilities include. Every change reloads the page's data
 * (and the sidebar's module links) with `router.refresh()`.
 */
export function ModuleCard({
  item,
  workspaceId,
  abilities,
}: {
  item: ModuleAvailability;
  workspaceId: string;
  abilities: ModuleAbilities;
}) {
  const router = useRouter();
  const id = useId();
  const [dialog, setDialog] = useState<Dialog>(null);
  // The button that opened the dialog, and whether the dialog's action went through: closing
  // returns focus to that button, or after a change (the buttons change with the state, on
  // refresh) to the card's name, so keyboard users stay on the card (review-12 #10).
  const opener = useRef<HTMLElement | null>(null);
  const changedInDialog = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const [pending, setPending] = useState<'enable' | 'disable' | 'check' | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A check made here; the page's data (refreshed after every change) may hold a newer one.
  const [checked, setChecked] = useState<ModuleHealth | null>(null);
  // The credentials the install returned (shown once by the Credentials part).
  const [installIssued, setInstallIssued] = useState<IssuedCredentials | null>(null);
  const forgetInstallIssued = useCallback(() => setInstallIssued(null), []);
  const health = newerHealth(item.health, checked);
  // The breaker guards the installed version's target: nothing to say before an install.
  const breaker = item.version === null ? null : breakerStatusOf(health.breaker);
  const state = MODULE_STATE_LABELS[item.state];
  const key = encodeURIComponent(item.module_key);
  const actions = moduleActionsFor(item, abilities);
  const canInstall = actions.includes('install');
  const canEnable = actions.includes('enable');
  const canDisable = actions.includes('disable');
  const canUpgrade = actions.includes('upgrade');
  const canRollBack = actions.includes('rollback');
  const canUninstall = actions.includes('uninstall');
  const previous = item.previous_version;
  const hasActions = actions.length > 0;

  function openDialog(name: Exclude<Dialog, null>) {
    return (event: MouseEvent<HTMLElement>) => {
      opener.current = event.currentTarget;
      changedInDialog.current = false;
      setDialog(name);
    };
  }

  /** A dialog's `onCloseAutoFocus`: back to its opener, or to the card's name after a change. */
  function returnFocus(event: Event) {
    event.preventDefault();
    const target =
      changedInDialog.current || !opener.current?.isConnected ? heading.current : opener.current;
    target?.focus();
  }

  function changed(message: string) {
    changedInDialog.current = true;
    setError(null);
    toast.success(message);
    router.refresh();
  }

  async function toggle(action: 'enable' | 'disable') {
    setPending(action);
    const result = await callApi<ModuleInstallationStateView>(`/modules/${key}/${action}`, {
      method: 'POST',
      body: { workspace_id: workspaceId },
    });
    setPending(null);
    if (result.ok) {
      changed(`${item.name} is ${action === 'enable' ? 'enabled' : 'disabled'}.`);
      return;
    }
    setError(moduleActionErrorText(result));
    // A failed enable recorded what the health check saw; a conflict means the state moved.
    if (result.code === 'MODULE_TARGET_UNHEALTHY' || result.code === 'CONFLICT') router.refresh();
  }

  async function checkNow() {
    setPending('check');
    const result = await callApi<ModuleHealthCheck>(`/modules/${key}/health-check`, {
      method: 'POST',
      body: { workspace_id: workspaceId },
    });
    setPending(null);
    if (result.ok) {
      setChecked(result.data.health);
      setError(null);
    } else setError(moduleActionErrorText(result));
  }

  return (
    <li className="flex flex-col rounded-lg border bg-card" aria-labelledby={`${id}-name`}>
      <div className="space-y-3 p-4">
        <div className="min-w-0 space-y-1">
          <h3
            id={`${id}-name`}
            ref={heading}
            tabIndex={-1}
            className="font-medium leading-tight focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            {item.name}
          </h3>
          <p className="text-sm text-muted-foreground">
            <span className="font-mono">{item.module_key}</span>
            {' · '}
            {item.version === null ? `Version ${item.current_version}` : `Version ${item.version}`}
            {item.upgrade_available && item.version !== null ? (
              <span className="font-medium text-foreground">
                {' · '}Version {item.current_version} available
              </span>
            ) : null}
          </p>
        </div>
        <ul
          className="flex flex-wrap items-center gap-2 [&>li]:flex"
          aria-label={`${item.name}: status`}
        >
          <li>
            <Badge variant={state.variant}>{state.label}</Badge>
          </li>
          <li>
            <ModuleHealthBadge status={health.status} />
          </li>
          {breaker ? (
            <li>
              <ModuleBreakerBadge breaker={health.breaker} />
            </li>
          ) : null}
          {item.paid ? (
            <li>
              <Badge variant="outline" className="gap-1">
                <CreditCard className="h-3 w-3" aria-hidden="true" />
                Paid
              </Badge>
            </li>
          ) : null}
          {item.blocked_by ? (
            <li>
              <Badge variant="destructive" className="gap-1" title={item.blocked_by.code}>
                <CreditCard className="h-3 w-3" aria-hidden="true" />
                {item.blocked_by.code === 'BILLING_SUSPENDED'
                  ? 'Billing suspended'
                  : 'Billing required'}
              </Badge>
            </li>
          ) : null}
        </ul>
        {item.blocked_by ? (
          <p className="text-sm text-destructive">
            {item.blocked_by.code === 'BILLING_SUSPENDED'
              ? 'Billing is suspended: this paid module cannot be used here until it is active again.'
              : 'This paid module needs an active subscription to be used here.'}{' '}
            <span className="font-mono">{item.blocked_by.code}</span>
          </p>
        ) : null}
        {item.description ? <p className="text-sm">{item.description}</p> : null}
        <p className="text-sm text-muted-foreground">{state.hint}</p>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm text-muted-foreground">
          <span aria-live="polite">
            {pending === 'check' ? 'Checking its service…' : healthCheckText(health)}
          </span>
          <Button
            type="button"
            variant="outline"
            size="sm"
            className="h-8"
            onClick={() => void checkNow()}
            disabled={pending !== null}
            aria-busy={pending === 'check'}
          >
            {pending === 'check' ? (
              <Loader2 className="animate-spin" aria-hidden="true" />
            ) : (
              <RefreshCw aria-hidden="true" />
            )}
            {pending === 'check' ? 'Checking…' : 'Check now'}
            <span className="sr-only"> {item.name}</span>
          </Button>
        </div>
        {breaker ? <p className="text-sm">{breaker.text}</p> : null}
        <FormError message={error} />
      </div>
      <ModuleTokenGrants item={item} workspaceId={workspaceId} canManage={abilities.install} />
      {abilities.install && isInstalledHere(item.state) ? (
        <ModuleCredentials
          moduleKey={item.module_key}
          moduleName={item.name}
          workspaceId={workspaceId}
          installIssued={installIssued}
          onInstallIssuedShown={forgetInstallIssued}
        />
      ) : null}
      {hasActions ? (
        <div className="mt-auto flex flex-wrap gap-2 border-t px-4 py-3">
          {canInstall ? (
            <Button type="button" onClick={openDialog('install')}>
              Install<span className="sr-only"> {item.name}</span>
            </Button>
          ) : null}
          {canEnable ? (
            <Button
              type="button"
              onClick={() => void toggle('enable')}
              disabled={pending !== null}
              aria-busy={pending === 'enable'}
            >
              {pending === 'enable' ? (
                <Loader2 className="animate-spin" aria-hidden="true" />
              ) : null}
              Enable<span className="sr-only"> {item.name}</span>
            </Button>
          ) : null}
          {canDisable ? (
            <Button
              type="button"
              variant="outline"
              onClick={() => void toggle('disable')}
              disabled={pending !== null}
              aria-busy={pending === 'disable'}
            >
              Disable<span className="sr-only"> {item.name}</span>
            </Button>
          ) : null}
          {canUpgrade ? (
            <Button type="button" variant="outline" onClick={openDialog('upgrade')}>
              Upgrade<span className="sr-only"> {item.name}</span>
            </Button>
          ) : null}
          {canRollBack ? (
            <Button type="button" variant="outline" onClick={openDialog('rollback')}>
              Roll back<span className="sr-only"> {item.name}</span>
            </Button>
          ) : null}
          {canUninstall ? (
            <Button type="button" variant="outline" onClick={openDialog('uninstall')}>
              Uninstall<span className="sr-only"> {item.name}</span>
            </Button>
          ) : null}
        </div>
      ) : null}
      {canInstall ? (
        <InstallModuleDialog
          open={dialog === 'install'}
          onOpenChange={(open) => setDialog(open ? 'install' : null)}
          onCloseAutoFocus={returnFocus}
          workspaceId={workspaceId}
          moduleKey={item.module_key}
          moduleName={item.name}
          version={item.current_version}
          configSchema={item.config_schema}
          paid={item.paid}
          onInstalled={(view) => {
            // The install issues the installation's first credentials, shown once.
            const issued = issuedCredentialsSchema.safeParse(
              (view as { credentials?: unknown }).credentials,
            );
            setInstallIssued(issued.success ? issued.data : null);
            changed(`${item.name} is installed. Enable it to use it.`);
          }}
        />
      ) : null}
      {canUpgrade ? (
        <UpgradeModuleDialog
          open={dialog === 'upgrade'}
          onOpenChange={(open) => setDialog(open ? 'upgrade' : null)}
          onCloseAutoFocus={returnFocus}
          workspaceId={workspaceId}
          moduleKey={item.module_key}
          moduleName={item.name}
          onUpgraded={(view) => changed(`${item.name} is now version ${view.version}.`)}
        />
      ) : null}
      <ConfirmDialog
        open={dialog === 'uninstall'}
        onOpenChange={(open) => setDialog(open ? 'uninstall' : null)}
        onCloseAutoFocus={returnFocus}
        title={`Uninstall ${item.name}?`}
        description="It leaves this workspace: its pages and navigation go away and its settings here are dropped. Data the module keeps in its own service is up to the module. You can install it again later."
        confirmLabel="Uninstall"
        request={[
          `/modules/${key}/uninstall?workspace_id=${encodeURIComponent(workspaceId)}`,
          { method: 'DELETE' },
        ]}
        onConfirmed={() => changed(`${item.name} is uninstalled.`)}
      />
      {previous !== null ? (
        <ConfirmDialog
          open={dialog === 'rollback'}
          onOpenChange={(open) => setDialog(open ? 'rollback' : null)}
          onCloseAutoFocus={returnFocus}
          title={`Roll ${item.name} back to version ${previous}?`}
          description={`This workspace goes back to version ${previous} of ${item.name}, with what that version was allowed. Its settings are kept.`}
          confirmLabel="Roll back"
          request={[
            `/modules/${key}/rollback`,
            { method: 'POST', body: { workspace_id: workspaceId } },
          ]}
          onConfirmed={() => changed(`${item.name} is back on version ${previous}.`)}
        />
      ) : null}
    </li>
  );
}
