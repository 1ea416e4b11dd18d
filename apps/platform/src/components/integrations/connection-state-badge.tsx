import { Badge } from '@aiconnected/ui';
import type { IntegrationConnectionState } from '@aiconnected/sdk-contracts';
import { CONNECTION_STATE_LABELS } from './integration-labels';

/** A connection's state as a badge (the words carry the meaning, not the colour). */
export function ConnectionStateBadge({ state }: { state: IntegrationConnectionState }) {
  const { label, variant } = CONNECTION_STATE_LABELS[state];
  return (
    <Badge variant={variant} className="whitespace-nowrap">
      {label}
    </Badge>
  );
}
