'use client';

import { useId, useState, type FormEvent } from 'react';
import { Loader2 } from 'lucide-react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  Input,
  Label,
} from '@aiconnected/ui';
import {
  INSTALLATION_CREDENTIAL_KINDS,
  type InstallationCredentialKind,
  type IssuedCredentials,
} from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { useApiAction } from '../use-api-action';
import { CREDENTIAL_KIND_LABELS } from './credential-labels';
import { IssuedSecrets } from './issued-secrets';

const DEFAULT_OVERLAP_HOURS = '24';

/**
 * Issues (rotates) a module installation's credentials (`POST /modules/{key}/credentials`):
 * which kinds, and how many hours (0-168) the previous ones keep working. Once issued, the
 * dialog shows the secrets this one time (also when `issued` comes from the install), and
 * `onDone` runs when it closes.
 */
export function CredentialsDialog({
  open,
  onOpenChange,
  workspaceId,
  moduleKey,
  moduleName,
  issued,
  onIssued,
  onCloseAutoFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes when it closes (the card's Issue button). */
  onCloseAutoFocus: (event: Event) => void;
  workspaceId: string;
  moduleKey: string;
  moduleName: string;
  /** Secrets to show (just issued here or by the install); null shows the form. */
  issued: IssuedCredentials | null;
  onIssued: (issued: IssuedCredentials) => void;
}) {
  const id = useId();
  const [kinds, setKinds] = useState<ReadonlySet<InstallationCredentialKind>>(
    () => new Set(INSTALLATION_CREDENTIAL_KINDS),
  );
  const [overlap, setOverlap] = useState(DEFAULT_OVERLAP_HOURS);
  const [problem, setProblem] = useState<string | null>(null);
  const { pending, error, setError, run } = useApiAction();

  function openChange(next: boolean) {
    onOpenChange(next);
    if (!next) {
      setKinds(new Set(INSTALLATION_CREDENTIAL_KINDS));
      setOverlap(DEFAULT_OVERLAP_HOURS);
      setProblem(null);
      setError(null);
    }
  }

  function toggle(kind: InstallationCredentialKind, on: boolean) {
    const next = new Set(kinds);
    if (on) next.add(kind);
    else next.delete(kind);
    setKinds(next);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const hours = Number(overlap);
    const found =
      kinds.size === 0
        ? 'Pick at least one credential to issue.'
        : !/^\d{1,3}$/.test(overlap.trim()) || hours > 168
          ? 'The overlap is a whole number of hours from 0 to 168.'
          : null;
    setProblem(found);
    if (found !== null) return;
    const result = await run<IssuedCredentials>(
      `/modules/${encodeURIComponent(moduleKey)}/credentials`,
      {
        method: 'POST',
        body: {
          workspace_id: workspaceId,
          kinds: INSTALLATION_CREDENTIAL_KINDS.filter((kind) => kinds.has(kind)),
          overlap_hours: hours,
        },
      },
    );
    if (result.ok) onIssued(result.data);
  }

  return (
    <Dialog open={open} onOpenChange={openChange}>
      <DialogContent className="max-h-[90vh] overflow-y-auto" onCloseAutoFocus={onCloseAutoFocus}>
        {issued ? (
          <>
            <DialogHeader>
              <DialogTitle>New credentials for {moduleName}</DialogTitle>
              <DialogDescription>
                Issued for this workspace’s installation of {moduleName}.
              </DialogDescription>
            </DialogHeader>
            <IssuedSecrets issued={issued} idPrefix={id} />
            <DialogFooter>
              <Button type="button" onClick={() => openChange(false)}>
                I have stored them
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
            <DialogHeader>
              <DialogTitle>Issue new credentials for {moduleName}</DialogTitle>
              <DialogDescription>
                New secrets replace the current ones of the same kind; the old ones keep working for
                the overlap, so the module can switch without missing an event.
              </DialogDescription>
            </DialogHeader>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">Issue</legend>
              {INSTALLATION_CREDENTIAL_KINDS.map((kind) => (
                <label key={kind} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={kinds.has(kind)}
                    onChange={(event) => toggle(kind, event.target.checked)}
                    className="mt-0.5 h-4 w-4 accent-primary"
                  />
                  <span>
                    <span className="font-medium">{CREDENTIAL_KIND_LABELS[kind].label}</span>
                    <span className="block text-muted-foreground">
                      {CREDENTIAL_KIND_LABELS[kind].hint}
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="space-y-2">
              <Label htmlFor={`${id}-overlap`}>Previous ones keep working for (hours)</Label>
              <Input
                id={`${id}-overlap`}
                inputMode="numeric"
                value={overlap}
                onChange={(event) => setOverlap(event.target.value)}
                className="w-32"
                aria-describedby={`${id}-overlap-hint`}
              />
              <p id={`${id}-overlap-hint`} className="text-xs text-muted-foreground">
                0 to 168 (a week). 0 stops the previous ones at once.
              </p>
            </div>
            <FormError message={problem ?? error} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => openChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending} aria-busy={pending}>
                {pending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
                Issue credentials
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
