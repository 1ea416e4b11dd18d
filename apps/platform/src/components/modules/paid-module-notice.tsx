import { CreditCard } from 'lucide-react';
import { Alert, AlertDescription } from '@aiconnected/ui';

/** Said in the install dialog of a paid module, before anything is installed. */
export function PaidModuleNotice() {
  return (
    <Alert role="note">
      <CreditCard className="h-4 w-4" aria-hidden="true" />
      <AlertDescription>
        <strong className="font-semibold">Paid module:</strong> enabling it needs an active
        subscription for this workspace (or its agency). Installing it is free and leaves it off.
      </AlertDescription>
    </Alert>
  );
}
