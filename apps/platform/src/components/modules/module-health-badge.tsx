import { CircleCheck, CircleHelp, CircleX } from 'lucide-react';
import { Badge } from '@aiconnected/ui';
import type { ModuleHealth } from '@aiconnected/sdk-contracts';
import { MODULE_HEALTH_LABELS } from './module-labels';

const ICONS = { healthy: CircleCheck, unhealthy: CircleX, unknown: CircleHelp } as const;

/**
 * A module target's health as a badge: Healthy green with a check, Unhealthy red with a cross,
 * Health unknown an outline with a question mark (the icon repeats the colour's meaning).
 */
export function ModuleHealthBadge({ status }: { status: ModuleHealth['status'] }) {
  const { label, variant } = MODULE_HEALTH_LABELS[status];
  const Icon = ICONS[status];
  return (
    <Badge variant={variant} className="gap-1">
      <Icon className="h-3 w-3" aria-hidden="true" />
      {label}
    </Badge>
  );
}
