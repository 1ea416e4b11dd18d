'use client';

import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { KeyRound } from 'lucide-react';
import { Button, EmptyState } from '@aiconnected/ui';
import type { InstallationCredentialView, IssuedCredentials } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';
import { formatInstant } from '../labels';
import { CREDENTIAL_KIND_LABELS, credentialStatusText } from './credential-labels';
import { CredentialsDialog } from './credentials-dialog';

/**
 * A module card's "Credentials" part, for those who may install (`modules.install`): the
 * installation's API keys and webhook signing secrets by prefix, when each was issued and
 * until when it works, and "Issue new credentials". Secrets issued here, or by the install
 * (`installIssued`), show once in the dialog; the list reloads when it closes.
 */
export function ModuleCredentials({
  moduleKey,
  moduleName,
  workspaceId,
  installIssued,
  onInstallIssuedShown,
}: {
  moduleKey: string;
  moduleName: string;
  workspaceId: string;
  /** Credentials the install just returned: the dialog opens to show them. */
  installIssued: IssuedCredentials | null;
  /** The install's credentials are in the dialog now: the card forgets them. */
  onInstallIssuedShown: () => void;
}) {
  const id = useId();
  const [items, setItems] = useState<InstallationCredentialView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<IssuedCredentials | null>(null);
  const issueButton = useRef<HTMLButtonElement>(null);
  const path = `/modules/${encodeURIComponent(moduleKey)}/credentials`;

  const load = useCallback(async () => {
    const result = await callApi<{ items: InstallationCredentialView[] }>(
      `${path}?workspace_id=${encodeURIComponent(workspaceId)}`,
    );
    if (result.ok) {
      setItems(result.data.items);
      setError(null);
    } else setError(result.message);
  }, [path, workspaceId]);

  useEffect(() => {
    void load();
  }, [load]);

  // Secrets returned by the install: show them once.
  useEffect(() => {
    if (installIssued === null) return;
    setIssued(installIssued);
    setOpen(true);
    onInstallIssuedShown();
  }, [installIssued, onInstallIssuedShown]);

  function openChange(next: boolean) {
    setOpen(next);
    if (!next) {
      // Closing forgets the secrets for good.
      if (issued !== null) void load();
      setIssued(null);
    }
  }

  return (
    <section className="space-y-2 border-t p-4" aria-labelledby={`${id}-title`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id={`${id}-title`} className="text-sm font-medium">
          Credentials<span className="sr-only"> of {moduleName}</span>
        </h4>
        <Button
          ref={issueButton}
          type="button"
          variant="outline"
          size="sm"
          onClick={() => setOpen(true)}
        >
          <KeyRound aria-hidden="true" />
          Issue new credentials<span className="sr-only"> for {moduleName}</span>
        </Button>
      </div>
      <FormError message={error} />
      <div aria-live="polite" aria-busy={items === null && error === null}>
        {items === null ? (
          error === null ? (
            <p className="text-sm text-muted-foreground">Loading credentials…</p>
          ) : null
        ) : items.length === 0 ? (
          <EmptyState
            size="sm"
            headingLevel={5}
            title="No credentials issued yet"
            description={`Issue new credentials so ${moduleName} can emit events (API key) and check that the events it receives come from the shell (webhook signing secret).`}
          />
        ) : (
          <ul className="divide-y text-sm" aria-label={`${moduleName}: credentials`}>
            {items.map((credential) => (
              <li
                key={credential.id}
                className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 py-1.5"
              >
                <span className="font-medium">{CREDENTIAL_KIND_LABELS[credential.kind].label}</span>
                <span className="font-mono text-xs">{credential.prefix}…</span>
                <span className="text-muted-foreground">
                  issued {formatInstant(credential.created_at)}
                </span>
                <span className={credential.active ? '' : 'text-muted-foreground'}>
                  {credentialStatusText(credential)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <CredentialsDialog
        open={open}
        onOpenChange={openChange}
        workspaceId={workspaceId}
        moduleKey={moduleKey}
        moduleName={moduleName}
        issued={issued}
        onIssued={setIssued}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          issueButton.current?.focus();
        }}
      />
    </section>
  );
}
