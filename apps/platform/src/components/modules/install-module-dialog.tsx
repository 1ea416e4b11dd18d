'use client';

import { useId, useMemo, useState, type FormEvent } from 'react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  Label,
  Textarea,
} from '@aiconnected/ui';
import type { ModuleInstallationStateView } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { parseJsonText } from '@aiconnected/sdk-contracts/json-text';
import { FormError } from '../form-alerts';
import { ConfigFields } from './config-fields';
import {
  configFormOf,
  configFromValues,
  configIssuesByField,
  initialConfigValues,
  type ConfigValues,
} from './config-form-model';
import { moduleActionErrorText } from './module-labels';
import { PaidModuleNotice } from './paid-module-notice';

/** What the JSON editor starts with: no settings (the module's defaults). */
const EMPTY_JSON = '{}';

/**
 * Installs a module in a workspace (`POST /modules/{key}/install`) with its settings: a form
 * generated from the manifest's `configSchema` for a flat object, a JSON editor for anything
 * else, nothing for a module without settings. The server validates the config; its
 * VALIDATION_BLOCKING issues show at the fields (or under the JSON editor).
 */
export function InstallModuleDialog({
  open,
  onOpenChange,
  onCloseAutoFocus,
  workspaceId,
  moduleKey,
  moduleName,
  version,
  configSchema,
  paid,
  onInstalled,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes when the dialog closes (the card: the button that opened it). */
  onCloseAutoFocus?: (event: Event) => void;
  workspaceId: string;
  moduleKey: string;
  moduleName: string;
  version: string;
  /** The manifest's configSchema (the item's `config_schema`). */
  configSchema: unknown;
  /** A paid module: said before installing, since enabling it needs an active subscription. */
  paid: boolean;
  onInstalled: (state: ModuleInstallationStateView) => void;
}) {
  const form = useMemo(() => configFormOf(configSchema), [configSchema]);
  const fields = form.kind === 'fields' ? form.fields : [];
  const [values, setValues] = useState<ConfigValues>(() => initialConfigValues(fields));
  const [json, setJson] = useState(EMPTY_JSON);
  const [issues, setIssues] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const jsonId = useId();

  function reset() {
    setValues(initialConfigValues(fields));
    setJson(EMPTY_JSON);
    setIssues({});
    setError(null);
  }

  function close() {
    reset();
    onOpenChange(false);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    let config: unknown = {};
    if (form.kind === 'fields') config = configFromValues(fields, values);
    if (form.kind === 'json') {
      const parsed = parseJsonText(json);
      if (!parsed.ok) {
        setIssues({});
        setError(parsed.message);
        return;
      }
      config = parsed.value;
    }
    setPending(true);
    const result = await callApi<ModuleInstallationStateView>(
      `/modules/${encodeURIComponent(moduleKey)}/install`,
      { method: 'POST', body: { workspace_id: workspaceId, config } },
    );
    setPending(false);
    if (result.ok) {
      reset();
      onOpenChange(false);
      onInstalled(result.data);
      return;
    }
    const byField =
      result.code === 'VALIDATION_BLOCKING' ? configIssuesByField(result.error?.details) : {};
    setIssues(byField);
    const general = [
      ...(byField[''] ?? []),
      ...(form.kind === 'fields'
        ? []
        : Object.entries(byField).flatMap(([name, messages]) =>
            name === '' ? [] : messages.map((message) => `${name}: ${message}`),
          )),
    ];
    setError(
      Object.keys(byField).length > 0
        ? `The settings were not accepted.${general.length > 0 ? ` ${general.join(' ')}` : ' See the fields below.'}`
        : moduleActionErrorText(result),
    );
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : close())}>
      <DialogContent className="max-h-[90vh] overflow-y-auto" onCloseAutoFocus={onCloseAutoFocus}>
        <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
          <DialogHeader>
            <DialogTitle>Install {moduleName}</DialogTitle>
            <DialogDescription>
              Installs version {version} in this workspace with the settings below. It stays off
              until you enable it.
            </DialogDescription>
          </DialogHeader>
          {paid ? <PaidModuleNotice /> : null}
          <FormError message={error} />
          {form.kind === 'none' ? (
            <p className="text-sm text-muted-foreground">This module has no settings.</p>
          ) : null}
          {form.kind === 'fields' ? (
            <fieldset className="space-y-4">
              <legend className={form.title === null ? 'sr-only' : 'text-sm font-semibold'}>
                {form.title ?? 'Settings'}
              </legend>
              {form.description === null ? null : (
                <p className="text-sm text-muted-foreground">{form.description}</p>
              )}
              <ConfigFields fields={fields} values={values} issues={issues} onChange={setValues} />
            </fieldset>
          ) : null}
          {form.kind === 'json' ? (
            <div className="space-y-1.5">
              <Label htmlFor={jsonId}>Settings (JSON)</Label>
              <Textarea
                id={jsonId}
                value={json}
                rows={8}
                spellCheck={false}
                className="font-mono text-sm"
                aria-describedby={`${jsonId}-hint`}
                onChange={(event) => setJson(event.target.value)}
              />
              <p id={`${jsonId}-hint`} className="text-sm text-muted-foreground">
                {form.reason} Write the settings as a JSON object; the module’s schema checks them
                when you install.
              </p>
            </div>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              Install
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
