'use client';

import { useId, useState, type FormEvent } from 'react';
import { Link2, Loader2, RotateCw } from 'lucide-react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Input,
  Label,
} from '@aiconnected/ui';
import type { ConnectRequest, ConnectResponse, ProviderConfig } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { useApiAction } from '../use-api-action';

/** What the form holds before it becomes a ConnectRequest. */
export interface ConnectDraft {
  accountRef: string;
  scopes: string[];
}

/** What is wrong with a draft, or null (the API checks again). */
export function connectProblem(draft: ConnectDraft): string | null {
  const ref = draft.accountRef.trim();
  if (ref === '') return 'Name the account, for example main.';
  if (ref.length > 255) return 'The account name is at most 255 characters.';
  if (draft.scopes.length === 0) return 'Pick at least one scope.';
  return null;
}

/** The request of a draft (the scopes in the provider's order). */
export function connectRequestOf(
  workspaceId: string,
  provider: Pick<ProviderConfig, 'provider_key' | 'allowed_scopes'>,
  draft: ConnectDraft,
  returnPath: string,
): ConnectRequest {
  return {
    workspace_id: workspaceId,
    provider_key: provider.provider_key,
    provider_account_ref: draft.accountRef.trim(),
    scopes: provider.allowed_scopes.filter((scope) => draft.scopes.includes(scope)),
    return_path: returnPath,
  };
}

/**
 * "Connect" (or "Reconnect" for a connection that expired, failed or was disconnected): names
 * the account, picks the scopes the workspace may request (the provider's, narrowed by the
 * credential policies), then sends the browser to the provider's hosted sign-in page. The
 * provider sends it back to `returnPath` with `?connect=`.
 */
export function ConnectDialog({
  workspaceId,
  provider,
  returnPath,
  reconnect,
}: {
  workspaceId: string;
  provider: ProviderConfig;
  /** This page, with its `?workspace=`. */
  returnPath: string;
  /** Reconnect this account with these scopes (still allowed ones only). */
  reconnect?: { accountRef: string; scopes: readonly string[] };
}) {
  const id = useId();
  const initial = (): ConnectDraft => ({
    accountRef: reconnect?.accountRef ?? 'main',
    scopes: reconnect
      ? provider.allowed_scopes.filter((scope) => reconnect.scopes.includes(scope))
      : [...provider.allowed_scopes],
  });
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<ConnectDraft>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const { pending, error, setError, run } = useApiAction();
  const name = provider.display_name;
  const noScopes = provider.allowed_scopes.length === 0;

  function openChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setDraft(initial());
      setProblem(null);
      setError(null);
    }
  }

  function toggle(scope: string, on: boolean) {
    setDraft((current) => ({
      ...current,
      scopes: on ? [...current.scopes, scope] : current.scopes.filter((s) => s !== scope),
    }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = connectProblem(draft);
    setProblem(found);
    if (found !== null) return;
    const result = await run<ConnectResponse>('/integrations/providers/composio/connect', {
      method: 'POST',
      body: connectRequestOf(workspaceId, provider, draft, returnPath),
    });
    if (!result.ok) {
      const forbidden = result.error?.details?.forbidden_scopes;
      if (result.code === 'INTEGRATION_SCOPE_FORBIDDEN' && Array.isArray(forbidden)) {
        setError(
          `Not allowed here: ${forbidden.map(String).join(', ')}. Untick them and connect again.`,
        );
      }
      return;
    }
    if (result.data.connection_state !== 'initiated') {
      setError(`The connection is ${result.data.oauth_url_or_status}: nothing to sign in to.`);
      return;
    }
    setLeaving(true);
    window.location.assign(result.data.oauth_url_or_status);
  }

  const busy = pending || leaving;
  const label = reconnect ? 'Reconnect' : 'Connect';
  return (
    <Dialog open={open} onOpenChange={openChange}>
      <DialogTrigger asChild>
        <Button type="button" variant={reconnect ? 'outline' : 'default'} size="sm">
          {reconnect ? <RotateCw aria-hidden="true" /> : <Link2 aria-hidden="true" />}
          {label}
          <span className="sr-only">
            {' '}
            {name}
            {reconnect ? ` account ${reconnect.accountRef}` : ''}
          </span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
          <DialogHeader>
            <DialogTitle>
              {label} {name}
            </DialogTitle>
            <DialogDescription>
              You will sign in at {name} and grant access; {name} then sends you back here. The
              token stays with the shell and is never shown.
            </DialogDescription>
          </DialogHeader>
          <div className="space-y-2">
            <Label htmlFor={`${id}-ref`}>Account name</Label>
            <Input
              id={`${id}-ref`}
              value={draft.accountRef}
              onChange={(event) => setDraft({ ...draft, accountRef: event.target.value })}
              readOnly={reconnect !== undefined}
              autoComplete="off"
              spellCheck={false}
              maxLength={255}
              aria-describedby={`${id}-ref-hint`}
              aria-invalid={problem !== null && draft.accountRef.trim() === '' ? true : undefined}
            />
            <p id={`${id}-ref-hint`} className="text-sm text-muted-foreground">
              {reconnect
                ? 'The account being reconnected.'
                : `Your label for this ${name} account (main, sales); one connection per name.`}
            </p>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Scopes</legend>
            {noScopes ? (
              <p className="text-sm text-muted-foreground">
                No scope of {name} is allowed in this workspace: a credential policy narrows them
                all away. Ask whoever manages its credentials.
              </p>
            ) : (
              <ul className="grid gap-2 sm:grid-cols-2">
                {provider.allowed_scopes.map((scope) => (
                  <li key={scope}>
                    <label className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        checked={draft.scopes.includes(scope)}
                        onChange={(event) => toggle(scope, event.target.checked)}
                        className="h-4 w-4 accent-primary"
                      />
                      <span className="break-all font-mono">{scope}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
          <FormError message={problem ?? error} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => openChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy || noScopes} aria-busy={busy}>
              {busy ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
              {leaving ? `Opening ${name}…` : `Continue to ${name}`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
