'use client';

import { useId, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Loader2 } from 'lucide-react';
import { Button, Label, NativeSelect, Switch, toast } from '@aiconnected/ui';
import type { CredentialLevel, CredentialPolicy } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { useApiAction } from '../use-api-action';
import { orderLabel } from './integration-labels';
import {
  draftOf,
  draftSentence,
  isDirty,
  ordersFor,
  putRequestOf,
  type PolicyDraft,
} from './policy-draft';

/**
 * A workspace's credential policy for one provider: the resolution order (the contiguous runs
 * starting at its own level), the two fallback switches, and the scopes connections may
 * request. Under the form, the policy's effect in one sentence (describeCredentialPolicy, the
 * API's own words), live as the form changes. The switches are set from the parent workspace
 * (`switchesEditable`); the workspace's own admins see them read-only. A save that raced
 * another one says so and offers the latest version.
 */
export function CredentialPolicyEditor({
  policy,
  workspaceType,
  providerName,
  availableScopes,
  switchesEditable,
}: {
  policy: CredentialPolicy;
  workspaceType: CredentialLevel;
  providerName: string;
  /** Every scope the provider offers (what the policy may narrow to). */
  availableScopes: readonly string[];
  /** The visitor acts from the parent workspace, which sets the fallback switches. */
  switchesEditable: boolean;
}) {
  const id = useId();
  const router = useRouter();
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(policy));
  // A new policy from the server (after a save or a reload) resets the form.
  const [shown, setShown] = useState(policy);
  if (shown !== policy) {
    setShown(policy);
    setDraft(draftOf(policy));
  }
  const [stale, setStale] = useState(false);
  const { pending, error, setError, run } = useApiAction();
  const set = (patch: Partial<PolicyDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const orders = ordersFor(workspaceType);
  const canFallBack = draft.order.includes(',');
  const scopeChoices = [
    ...availableScopes,
    ...draft.scopes.filter((scope) => !availableScopes.includes(scope)),
  ];
  const dirty = isDirty(policy, draft);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStale(false);
    if (draft.narrow && draft.scopes.length === 0) {
      setError(
        'Pick at least one scope, or turn narrowing off (connections may then request any scope the provider offers).',
      );
      return;
    }
    const result = await run<CredentialPolicy>('/credentials/policies', {
      method: 'PUT',
      body: putRequestOf(policy, draft, availableScopes),
    });
    if (!result.ok) {
      if (result.code === 'CONFLICT') {
        setStale(true);
        setError(
          'Someone changed this policy since you opened it. Reload it, then redo your change.',
        );
      }
      return;
    }
    toast.success(`${providerName} policy saved (version ${result.data.version}).`);
    router.refresh();
  }

  function reload() {
    setStale(false);
    setError(null);
    router.refresh();
  }

  const lockedHint = switchesEditable
    ? null
    : 'Set by the parent workspace’s administrators: they decide whether this workspace may use their credential.';

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-6" noValidate>
      <div className="space-y-2">
        <Label htmlFor={`${id}-order`}>Resolution order</Label>
        <NativeSelect
          id={`${id}-order`}
          value={draft.order}
          onChange={(event) => set({ order: event.target.value })}
          className="sm:max-w-sm"
          aria-describedby={`${id}-order-hint`}
        >
          {orders.map((order) => (
            <option key={order.join(',')} value={order.join(',')}>
              {orderLabel(order)}
            </option>
          ))}
        </NativeSelect>
        <p id={`${id}-order-hint`} className="text-sm text-muted-foreground">
          The levels tried in turn, this workspace first. It never reaches another agency’s
          credential.
        </p>
      </div>
      <fieldset className="space-y-4" aria-describedby={lockedHint ? `${id}-locked` : undefined}>
        <legend className="text-sm font-medium">Falling back to the parent</legend>
        {lockedHint ? (
          <p id={`${id}-locked`} className="text-sm text-muted-foreground">
            {lockedHint}
          </p>
        ) : null}
        <div className="flex items-start gap-3">
          <Switch
            id={`${id}-allow`}
            checked={draft.allowParentFallback}
            onCheckedChange={(on) => set({ allowParentFallback: on })}
            disabled={!switchesEditable || !canFallBack}
            aria-describedby={`${id}-allow-hint`}
          />
          <div className="space-y-1">
            <Label htmlFor={`${id}-allow`}>
              Use the parent’s credential when this one has none
            </Label>
            <p id={`${id}-allow-hint`} className="text-sm text-muted-foreground">
              {canFallBack
                ? 'Off: no credential here means resolution fails.'
                : 'The order ends at this level, so there is nothing to fall back to.'}
            </p>
          </div>
        </div>
        <div className="flex items-start gap-3">
          <Switch
            id={`${id}-invalid`}
            checked={draft.allowParentFallback && draft.fallbackWhenInvalid}
            onCheckedChange={(on) => set({ fallbackWhenInvalid: on })}
            disabled={!switchesEditable || !canFallBack || !draft.allowParentFallback}
            aria-describedby={`${id}-invalid-hint`}
          />
          <div className="space-y-1">
            <Label htmlFor={`${id}-invalid`}>Also when this one is invalid or expired</Label>
            <p id={`${id}-invalid-hint`} className="text-sm text-muted-foreground">
              Off: an expired credential here fails loudly instead of silently using the parent’s.
              Needs the switch above.
            </p>
          </div>
        </div>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Scopes connections may request</legend>
        <div className="flex items-start gap-3">
          <Switch
            id={`${id}-narrow`}
            checked={draft.narrow}
            onCheckedChange={(on) =>
              set({
                narrow: on,
                scopes: on && draft.scopes.length === 0 ? [...availableScopes] : draft.scopes,
              })
            }
          />
          <Label htmlFor={`${id}-narrow`}>Narrow the scopes for this workspace and below</Label>
        </div>
        {draft.narrow ? (
          <ul className="grid gap-2 sm:grid-cols-2" aria-label="Allowed scopes">
            {scopeChoices.map((scope) => (
              <li key={scope}>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={draft.scopes.includes(scope)}
                    onChange={(event) =>
                      set({
                        scopes: event.target.checked
                          ? [...draft.scopes, scope]
                          : draft.scopes.filter((s) => s !== scope),
                      })
                    }
                    className="h-4 w-4 accent-primary"
                  />
                  <span className="break-all font-mono">{scope}</span>
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">
            Any scope {providerName} offers here: {availableScopes.join(', ') || 'none'}.
          </p>
        )}
      </fieldset>
      <div className="rounded-md border bg-muted/40 p-3" aria-live="polite" aria-atomic="true">
        <p className="text-sm font-medium">What this policy does</p>
        <p className="text-sm" data-testid="policy-sentence">
          {draftSentence(draft)}
        </p>
      </div>
      <FormError
        message={error}
        action={
          stale ? (
            <Button type="button" variant="outline" size="sm" onClick={reload}>
              Reload latest
            </Button>
          ) : undefined
        }
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || !dirty} aria-busy={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
          Save policy
        </Button>
        <p className="text-sm text-muted-foreground">
          {policy.id === null
            ? 'No policy saved yet: the defaults are shown.'
            : `Version ${policy.version}.`}
        </p>
      </div>
    </form>
  );
}
