import { CircleCheck, CircleDashed, CircleHelp, CirclePause, CircleX } from 'lucide-react';
import { Badge } from '@aiconnected/ui';
import type { ModuleBreaker, ModuleHealth } from '@aiconnected/sdk-contracts';
import { breakerStatusOf, MODULE_HEALTH_LABELS } from './module-labels';

const ICONS = { healthy: CircleCheck, unhealthy: CircleX, unknown: CircleHelp } as const;
const BREAKER_ICONS = { open: CirclePause, half_open: CircleDashed } as const;

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

/**
 * The gateway's circuit breaker of the target as a badge next to health: Requests paused red
 * with a pause sign (open), Checking an outline with a dashed circle (half-open); nothing while
 * closed. The card says the rest in words (`breakerStatusOf`).
 */
export function ModuleBreakerBadge({ breaker }: { breaker: ModuleBreaker }) {
  const status = breakerStatusOf(breaker);
  if (status === null || breaker.state === 'closed') return null;
  const Icon = BREAKER_ICONS[breaker.state];
  return (
    <Badge variant={status.variant} className="gap-1">
      <Icon className="h-3 w-3" aria-hidden="true" />
      {status.label}
    </Badge>
  );
}
