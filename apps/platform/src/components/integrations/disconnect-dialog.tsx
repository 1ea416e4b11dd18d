'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { Unlink } from 'lucide-react';
import { Button, toast } from '@aiconnected/ui';
import type { IntegrationConnection } from '@aiconnected/sdk-contracts';
import { ConfirmDialog } from '../confirm-dialog';

/**
 * "Disconnect": confirms, naming the provider and the account, and that modules using it lose
 * access; the provider revokes the grant and the shell drops the credential.
 */
export function DisconnectDialog({
  connection,
  providerName,
}: {
  connection: IntegrationConnection;
  providerName: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const account = connection.provider_account_ref;
  return (
    <>
      <Button type="button" variant="outline" size="sm" onClick={() => setOpen(true)}>
        <Unlink aria-hidden="true" />
        Disconnect
        <span className="sr-only">
          {' '}
          {providerName} account {account}
        </span>
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Disconnect ${providerName} (${account})?`}
        description={
          <>
            {providerName} revokes the grant and the shell drops its credential. Modules of this
            workspace that use {providerName} lose access at once, and so do workspaces below it
            that fall back to this credential. You can connect again later.
          </>
        }
        confirmLabel="Disconnect"
        request={[
          '/integrations/providers/composio/disconnect',
          {
            method: 'POST',
            body: { workspace_id: connection.workspace_id, connection_id: connection.id },
          },
        ]}
        onConfirmed={() => {
          toast.success(`${providerName} (${account}) is disconnected.`);
          router.refresh();
        }}
      />
    </>
  );
}
