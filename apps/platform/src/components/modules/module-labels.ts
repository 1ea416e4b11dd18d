import type { ModuleAvailability, ModuleBreaker, ModuleHealth } from '@aiconnected/sdk-contracts';
import type { ApiResult } from '@/lib/client-api';
import { formatInstant } from '../labels';

type BadgeVariant = 'default' | 'secondary' | 'destructive' | 'outline' | 'success';

/** Each state of a module in a workspace, in words, with its badge and one line of meaning. */
export const MODULE_STATE_LABELS: Record<
  ModuleAvailability['state'],
  { label: string; variant: BadgeVariant; hint: string }
> = {
  not_installed: {
    label: 'Not installed',
    variant: 'outline',
    hint: 'Available to install in this workspace.',
  },
  installed: {
    label: 'Installed, off',
    variant: 'secondary',
    hint: 'Installed with its settings; enable it to show it to the workspace.',
  },
  enabled: {
    label: 'Enabled',
    variant: 'default',
    hint: 'On: its pages are in the workspace’s navigation.',
  },
  disabled: {
    label: 'Disabled',
    variant: 'secondary',
    hint: 'Off: its pages are hidden; its settings are kept.',
  },
  uninstalled: {
    label: 'Uninstalled',
    variant: 'outline',
    hint: 'Was installed here before; install it again to use it.',
  },
};

/** The health badge of a module's target. */
export const MODULE_HEALTH_LABELS: Record<
  ModuleHealth['status'],
  { label: string; variant: BadgeVariant }
> = {
  healthy: { label: 'Healthy', variant: 'success' },
  unhealthy: { label: 'Unhealthy', variant: 'destructive' },
  unknown: { label: 'Health unknown', variant: 'outline' },
};

/** What a health check saw, in the API's words: `answered 200`, `timed out after 3000 ms`, `connection refused`. */
export function healthDetailText(health: {
  http_status: number | null;
  detail: string | null;
}): string {
  if (health.detail) return health.detail;
  return health.http_status === null ? 'no answer' : `answered ${health.http_status}`;
}

/** `Last checked 2026-01-31 14:05 UTC: answered 200 in 12 ms.`, or never checked. */
export function healthCheckText(health: Omit<ModuleHealth, 'breaker'>): string {
  if (health.checked_at === null) return 'Never checked.';
  const latency =
    health.http_status !== null && health.latency_ms !== null ? ` in ${health.latency_ms} ms` : '';
  return `Last checked ${formatInstant(health.checked_at)}: ${healthDetailText(health)}${latency}.`;
}

/** How often the gateway paused a target in a row: ` (first pause)`, ` (paused 3 times in a row)`. */
const pausesText = (count: number) =>
  count <= 0 ? '' : count === 1 ? ' (first pause)' : ` (paused ${count} times in a row)`;

/**
 * The gateway's circuit breaker of a module target in words, for the card's badge row and the
 * line under the last check; null while it is closed (requests pass: nothing to say). Open:
 * requests are refused until `open_until`, then half-open: the next request waits for one
 * health check, which closes it again or opens it for longer.
 */
export function breakerStatusOf(
  breaker: ModuleBreaker,
): { label: string; variant: BadgeVariant; text: string } | null {
  switch (breaker.state) {
    case 'closed':
      return null;
    case 'open': {
      // The breaker opens for seconds to minutes: the time to the second.
      const retry =
        breaker.open_until === null
          ? 'soon'
          : `at ${formatInstant(breaker.open_until, { seconds: true })}`;
      return {
        label: 'Requests paused',
        variant: 'destructive',
        text: `Paused after failures, retrying ${retry}${pausesText(breaker.ejections)}: requests to its service are refused until then.`,
      };
    }
    case 'half_open':
      return {
        label: 'Checking',
        variant: 'outline',
        text: 'Checking its service after failures: the next request waits for a health check, then requests pass again if it answers.',
      };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The message for a refused module action: the API's (safe) message, plus what to do for the
 * codes people can act on: an unhealthy target (what was seen), billing (where to fix it), a
 * conflict (someone changed it meanwhile: reload), the agency's policy.
 */
export function moduleActionErrorText(result: Extract<ApiResult<unknown>, { ok: false }>): string {
  const details = isRecord(result.error?.details) ? result.error.details : {};
  switch (result.code) {
    case 'MODULE_TARGET_UNHEALTHY': {
      const seen = healthDetailText({
        http_status: typeof details.http_status === 'number' ? details.http_status : null,
        detail: typeof details.detail === 'string' ? details.detail : null,
      });
      return `The module’s service failed its health check (${seen}), so it was not enabled. Try again once it runs; “Check now” shows its health.`;
    }
    case 'BILLING_REQUIRED':
      return `${result.message} Set up billing for this workspace (or its agency) first.`;
    case 'BILLING_SUSPENDED':
      return details.reason === 'grace'
        ? result.message
        : `${result.message} Paid modules stay off until billing is active again.`;
    case 'CONFLICT':
      return `${result.message} The list below has been reloaded.`;
    default:
      return result.message;
  }
}
