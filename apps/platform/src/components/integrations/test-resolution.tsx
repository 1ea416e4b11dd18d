'use client';

import { useState } from 'react';
import { FlaskConical, Loader2 } from 'lucide-react';
import { Button } from '@aiconnected/ui';
import {
  CREDENTIAL_RESOLUTION_REASONS,
  type CredentialResolutionReason,
  type ResolveCredentialResponse,
} from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { useApiAction } from '../use-api-action';
import { LEVEL_LABELS, RESOLUTION_REASON_TEXT } from './integration-labels';

/** What a test resolution found, in one sentence. */
export function resolvedText(
  answer: ResolveCredentialResponse,
  workspaceName: (id: string) => string,
): string {
  const { resolution } = answer;
  const from = resolution.source_workspace_id
    ? ` (${workspaceName(resolution.source_workspace_id)})`
    : '';
  return `Resolved at the ${LEVEL_LABELS[answer.source_scope].toLowerCase()} level${from}: ${RESOLUTION_REASON_TEXT[resolution.reason]}`;
}

const isReason = (value: unknown): value is CredentialResolutionReason =>
  (CREDENTIAL_RESOLUTION_REASONS as readonly unknown[]).includes(value);

/**
 * "Test resolution": resolves the provider's credential for the workspace as a module would
 * (never the secret), and says where it came from or why there is none. Each test is a real
 * resolution, recorded in the resolution log.
 */
export function TestResolution({
  workspaceId,
  providerKey,
  workspaceNames,
}: {
  workspaceId: string;
  providerKey: string;
  /** Names of the workspaces the visitor can see, by id. */
  workspaceNames: Record<string, string>;
}) {
  const { pending, error, setError, run } = useApiAction();
  const [found, setFound] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const workspaceName = (id: string) => workspaceNames[id] ?? `workspace ${id.slice(0, 8)}`;

  async function test() {
    setFound(null);
    setFailed(null);
    const result = await run<ResolveCredentialResponse>('/credentials/resolve', {
      method: 'POST',
      body: { workspace_id: workspaceId, provider_key: providerKey },
    });
    if (result.ok) {
      setFound(resolvedText(result.data, workspaceName));
      return;
    }
    const reason = result.error?.details?.reason;
    if (result.code === 'CREDENTIAL_RESOLUTION_FAILED' && isReason(reason)) {
      setError(null);
      setFailed(`No credential (CREDENTIAL_RESOLUTION_FAILED): ${RESOLUTION_REASON_TEXT[reason]}`);
    }
  }

  return (
    <div className="space-y-3">
      <Button
        type="button"
        variant="outline"
        onClick={() => void test()}
        disabled={pending}
        aria-busy={pending}
      >
        {pending ? (
          <Loader2 className="animate-spin" aria-hidden="true" />
        ) : (
          <FlaskConical aria-hidden="true" />
        )}
        Test resolution
      </Button>
      <div aria-live="polite" aria-atomic="true" data-testid="resolution-result">
        {found ? <p className="text-sm">{found}</p> : null}
        {failed ? <p className="text-sm font-medium text-destructive">{failed}</p> : null}
      </div>
      <FormError message={error} />
    </div>
  );
}
