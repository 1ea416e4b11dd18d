'use client';

import { useEffect, useId, useState } from 'react';
import { Loader2 } from 'lucide-react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  Label,
} from '@aiconnected/ui';
import type { ModuleInstallationStateView, ModulePermissionDiff } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';
import { moduleActionErrorText } from './module-labels';
import { permissionDiffSections } from './permission-diff-sections';

/** One section of the diff: what is added (highlighted) and removed. */
function DiffSection({
  title,
  added,
  removed,
}: {
  title: string;
  added: string[];
  removed: string[];
}) {
  return (
    <section className="space-y-1.5">
      <h3 className="text-sm font-medium">{title}</h3>
      <ul className="space-y-1 text-sm">
        {added.map((entry) => (
          <li
            key={`+${entry}`}
            className="rounded border border-primary/40 bg-primary/10 px-2 py-1 font-mono text-foreground"
          >
            <span className="font-sans font-medium">Added: </span>
            {entry}
          </li>
        ))}
        {removed.map((entry) => (
          <li key={`-${entry}`} className="px-2 py-1 font-mono text-muted-foreground">
            <span className="font-sans">Removed: </span>
            {entry}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Upgrades an installation to the registry's current version (`GET /modules/{key}/upgrade`
 * for the diff, `POST` to apply): what the new version adds and removes (permissions, events,
 * API routes, pages, shell data, capabilities, billing, service and interface), the added ones
 * highlighted, and where the current settings fail the new configSchema (upgrade disabled). When it grants more, the upgrade needs the
 * admin's consent (a checkbox), as the API does. The upgrade names the version shown
 * (`to_version`), so a consent never applies to a version registered after the preview.
 */
export function UpgradeModuleDialog({
  open,
  onOpenChange,
  onCloseAutoFocus,
  workspaceId,
  moduleKey,
  moduleName,
  onUpgraded,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes when the dialog closes (the card: the button that opened it). */
  onCloseAutoFocus?: (event: Event) => void;
  workspaceId: string;
  moduleKey: string;
  moduleName: string;
  onUpgraded: (state: ModuleInstallationStateView) => void;
}) {
  const [diff, setDiff] = useState<ModulePermissionDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [consent, setConsent] = useState(false);
  const [pending, setPending] = useState(false);
  const consentId = useId();
  const path = `/modules/${encodeURIComponent(moduleKey)}/upgrade`;

  useEffect(() => {
    if (!open) return;
    let current = true;
    void callApi<ModulePermissionDiff>(
      `${path}?workspace_id=${encodeURIComponent(workspaceId)}`,
    ).then((result) => {
      if (!current) return;
      if (result.ok) setDiff(result.data);
      else setError(moduleActionErrorText(result));
    });
    return () => {
      current = false;
    };
  }, [open, path, workspaceId]);

  function close() {
    setDiff(null);
    setError(null);
    setConsent(false);
    onOpenChange(false);
  }

  async function upgrade() {
    if (diff === null) return;
    setPending(true);
    // The version shown: if another became current meanwhile, the API refuses (version_changed).
    const result = await callApi<ModuleInstallationStateView>(path, {
      method: 'POST',
      body: { workspace_id: workspaceId, to_version: diff.to_version, consent },
    });
    setPending(false);
    if (!result.ok) {
      setError(moduleActionErrorText(result));
      return;
    }
    close();
    onUpgraded(result.data);
  }

  const sections = diff ? permissionDiffSections(diff) : [];
  const configIssues = diff?.config_schema.issues ?? [];
  const blocked = diff === null || configIssues.length > 0 || (diff.grants_more && !consent);

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : close())}>
      <DialogContent className="max-h-[90vh] overflow-y-auto" onCloseAutoFocus={onCloseAutoFocus}>
        <DialogHeader>
          <DialogTitle>Upgrade {moduleName}</DialogTitle>
          <DialogDescription>
            {diff
              ? `From version ${diff.from_version} to ${diff.to_version}. Its settings are kept.`
              : 'Reading what the new version changes…'}
          </DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        {diff === null && error === null ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <Loader2 className="h-4 w-4 animate-spin" aria-hidden="true" />
            Loading the changes…
          </p>
        ) : null}
        {diff ? (
          <div className="space-y-4">
            {sections.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                The new version asks for nothing new: same permissions, events, API routes, pages,
                data, capabilities, billing and service.
              </p>
            ) : (
              sections.map((section) => <DiffSection key={section.title} {...section} />)
            )}
            {configIssues.length > 0 ? (
              <section className="space-y-1.5" role="alert">
                <h3 className="text-sm font-medium text-destructive">
                  The current settings do not fit the new version
                </h3>
                <ul className="space-y-1 text-sm">
                  {configIssues.map((issue) => (
                    <li key={`${issue.path} ${issue.message}`} className="px-2 py-1">
                      <span className="font-mono">
                        {issue.path.replace(/^body\.config/, 'config')}
                      </span>
                      : {issue.message}
                    </li>
                  ))}
                </ul>
                <p className="text-sm text-muted-foreground">
                  Fix the settings first (uninstall and install again with new ones), then upgrade.
                </p>
              </section>
            ) : null}
            {diff.grants_more ? (
              <div className="flex items-start gap-2 rounded-md border p-3">
                <input
                  id={consentId}
                  type="checkbox"
                  className="mt-0.5 h-4 w-4 accent-primary"
                  checked={consent}
                  onChange={(event) => setConsent(event.target.checked)}
                />
                <Label htmlFor={consentId} className="leading-snug">
                  I agree to give {moduleName} what this version adds
                </Label>
              </div>
            ) : null}
          </div>
        ) : null}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={close}>
            Cancel
          </Button>
          <Button
            type="button"
            onClick={() => void upgrade()}
            disabled={blocked || pending}
            aria-busy={pending}
          >
            Upgrade
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
