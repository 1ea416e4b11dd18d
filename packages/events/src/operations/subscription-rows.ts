import type { Tx } from '@aiconnected/db';
import {
  MODULE_WEBHOOK_ACTIONS,
  type EventSubscriptionView,
  type ModuleInstallationState,
} from '@aiconnected/sdk-contracts';

interface SubscriptionRow {
  installation_id: string;
  module_key: string;
  version: string;
  state: ModuleInstallationState;
  consumes: unknown;
  events_path: string | null;
  actions: unknown;
  disabled_at: Date | null;
  disabled_reason: EventSubscriptionView['disabled_reason'];
  pending: number;
  dead_letter: number;
  last_delivered_at: Date | null;
  last_failure_at: Date | null;
}

/**
 * The installations of `workspaceId` as event subscribers (optionally one module's), by module
 * key: what the installed version's manifest consumes and declares (events path, lifecycle
 * actions), the endpoint's state, and how its deliveries stand. Uninstalled installations only
 * while deliveries of theirs still wait (pending or dead-lettered). Runs as the caller (RLS:
 * deliveries and attempts need `events.manage` there), after the code's access check.
 * Bounded by migration 042's partial indexes, never by the delivery history: the last delivery
 * is the top of the installation's delivered index, the last failure the newest of the
 * workspace's failed attempts that is this installation's (it read every attempt of every
 * workspace before: 99 ms at 200k attempts, 0.3 ms since).
 */
export async function readSubscriptions(
  tx: Tx,
  workspaceId: string,
  moduleKey?: string,
): Promise<EventSubscriptionView[]> {
  const { rows } = await tx.query<SubscriptionRow>(
    `select i.id as installation_id, i.module_key, i.module_version as version, i.state,
            r.manifest_json #> '{events,consumes}' as consumes,
            r.manifest_json #>> '{runtime,webhooks,eventsPath}' as events_path,
            r.manifest_json #> '{runtime,webhooks,actions}' as actions,
            i.webhooks_disabled_at as disabled_at, i.webhooks_disabled_reason as disabled_reason,
            w.pending, w.dead_letter,
            (select max(d.delivered_at) from public.event_deliveries d
              where d.installation_id = i.id and d.state = 'delivered') as last_delivered_at,
            (select a.started_at from public.event_delivery_attempts a
               join public.event_deliveries d on d.id = a.delivery_id
              where a.workspace_id = i.workspace_id and a.outcome <> 'delivered'
                and d.installation_id = i.id
              order by a.started_at desc limit 1) as last_failure_at
       from public.module_installations i
       left join public.module_registry r
              on r.module_key = i.module_key and r.version = i.module_version
      cross join lateral (
        select count(*) filter (where d.state = 'pending')::int as pending,
               count(*) filter (where d.state = 'dead_letter')::int as dead_letter
          from public.event_deliveries d
         where d.installation_id = i.id and d.state in ('pending', 'dead_letter')) w
      where i.workspace_id = $1
        and ($2::text is null or i.module_key = $2)
        and (i.state <> 'uninstalled' or w.pending + w.dead_letter > 0)
      order by i.module_key`,
    [workspaceId, moduleKey ?? null],
  );
  return rows.map(toSubscriptionView);
}

function toSubscriptionView(row: SubscriptionRow): EventSubscriptionView {
  const consumes = Array.isArray(row.consumes) ? (row.consumes as { name?: unknown }[]) : [];
  const actions = typeof row.actions === 'object' && row.actions !== null ? row.actions : {};
  return {
    module_key: row.module_key,
    installation_id: row.installation_id,
    version: row.version,
    state: row.state,
    consumes: consumes.flatMap((entry) => (typeof entry.name === 'string' ? [entry.name] : [])),
    events_path: row.events_path,
    actions: MODULE_WEBHOOK_ACTIONS.filter((action) => action in actions),
    endpoint: row.disabled_at === null ? 'active' : 'disabled',
    disabled_reason: row.disabled_reason,
    disabled_at: row.disabled_at?.toISOString() ?? null,
    pending: row.pending,
    dead_letter: row.dead_letter,
    last_delivered_at: row.last_delivered_at?.toISOString() ?? null,
    last_failure_at: row.last_failure_at?.toISOString() ?? null,
  };
}
