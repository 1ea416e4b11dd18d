import { TriangleAlert } from 'lucide-react';
import { Alert, AlertDescription, Input, Label } from '@aiconnected/ui';
import type { IssuedCredentials } from '@aiconnected/sdk-contracts';
import { CopyValueButton } from '../domains/copy-value-button';
import { formatInstant } from '../labels';
import { CREDENTIAL_KIND_LABELS } from './credential-labels';

/**
 * Newly issued credentials, shown this once: each secret read-only with a Copy button, where
 * it goes in the module's configuration, and when the previous ones stop working.
 */
export function IssuedSecrets({
  issued,
  idPrefix,
}: {
  issued: IssuedCredentials;
  idPrefix: string;
}) {
  const secrets = (['api_key', 'webhook_secret'] as const).flatMap((kind) => {
    const secret = issued[kind];
    return secret ? [{ kind, ...secret }] : [];
  });
  return (
    <div className="space-y-4">
      <Alert className="border-amber-600/50 [&>svg]:text-amber-700 dark:[&>svg]:text-amber-400">
        <TriangleAlert className="h-4 w-4" aria-hidden="true" />
        {/* An h3 under the dialog's h2 title (AlertTitle is an h5). */}
        <h3 className="mb-1 font-medium leading-tight">
          Copy them now: you will not see them again
        </h3>
        <AlertDescription>
          The shell keeps only their prefixes. Put them in the module’s configuration; if one is
          lost, issue new credentials.
        </AlertDescription>
      </Alert>
      {secrets.map(({ kind, id, secret }) => {
        const { label, hint } = CREDENTIAL_KIND_LABELS[kind];
        const fieldId = `${idPrefix}-${kind}`;
        return (
          <div key={id} className="space-y-2">
            <Label htmlFor={fieldId}>{label}</Label>
            <div className="flex gap-2">
              <Input
                id={fieldId}
                readOnly
                value={secret}
                className="font-mono text-xs"
                aria-describedby={`${fieldId}-hint`}
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyValueButton value={secret} label={label} />
            </div>
            <p id={`${fieldId}-hint`} className="text-xs text-muted-foreground">
              {hint}
            </p>
          </div>
        );
      })}
      <p className="text-sm text-muted-foreground">
        {issued.previous_expire_at
          ? `The previous credentials keep working until ${formatInstant(issued.previous_expire_at)}, so the module can switch over.`
          : 'No earlier credentials of these kinds were active.'}
      </p>
    </div>
  );
}
