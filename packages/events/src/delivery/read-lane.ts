import type { Db } from '@aiconnected/db';
import { moduleWebhooksSchema, type ModuleWebhooks } from '@aiconnected/sdk-contracts';
import type { EventRow } from '../envelope/to-event-envelope';
import type { Lane } from './lane-key';

/** One delivery at the head of a lane, with the event it carries. */
export interface LaneDelivery {
  id: string;
  eventId: string;
  workspaceId: string;
  kind: 'event' | 'action';
  action: 'install' | 'enable' | 'disable' | 'uninstall' | null;
  state: 'pending' | 'dead_letter';
  attempts: number;
  nextAttemptAt: Date;
  /** The `public.events` row (the envelope's source). */
  event: EventRow;
}

/** Where and whether a lane's installation takes deliveries, as of this batch. */
export interface LaneTarget {
  installationId: string;
  workspaceId: string;
  moduleKey: string;
  moduleVersion: string | null;
  state: string;
  webhooksDisabled: boolean;
  /** The installed version's `runtime.target.baseUrl`, null when unreadable. */
  baseUrl: string | null;
  /** The installed version's `runtime.webhooks`, null when it declares none. */
  webhooks: ModuleWebhooks | null;
}

interface DeliveryRow {
  id: string;
  event_id: string;
  workspace_id: string;
  kind: LaneDelivery['kind'];
  action: LaneDelivery['action'];
  state: LaneDelivery['state'];
  attempts: number;
  next_attempt_at: Date;
  /** Built by json_build_object: the timestamp arrives as text. */
  event: Omit<EventRow, 'occurred_at'> & { occurred_at: string };
}

interface TargetRow {
  id: string;
  workspace_id: string;
  module_key: string;
  module_version: string | null;
  state: string;
  webhooks_disabled_at: Date | null;
  runtime: { target?: { baseUrl?: unknown }; webhooks?: unknown } | null;
}

/**
 * Reads the first `limit` undelivered deliveries of `lane` (pending or dead-lettered), in lane
 * order `(sequence, kind)`, each with its event, and the lane's installation with its
 * installed version's runtime: one service transaction (RLS keeps these tables from tenants).
 */
export async function readLane(
  db: Db,
  lane: Lane,
  limit: number,
): Promise<{ deliveries: LaneDelivery[]; target: LaneTarget | null }> {
  return db.withService('event delivery: read a lane', async (tx) => {
    const deliveries = await tx.query<DeliveryRow>(
      `select d.id, d.event_id, d.workspace_id, d.kind, d.action, d.state, d.attempts,
              d.next_attempt_at,
              json_build_object(
                'id', e.id, 'workspace_id', e.workspace_id, 'event_name', e.event_name,
                'source', e.source, 'stream', e.stream, 'sequence', e.sequence::text,
                'payload_json', e.payload_json, 'correlation_id', e.correlation_id,
                'idempotency_key', e.idempotency_key, 'occurred_at', e.occurred_at) as event
         from public.event_deliveries d
         join public.events e on e.id = d.event_id
        where d.installation_id = $1 and d.stream = $2 and d.state in ('pending', 'dead_letter')
        order by d.sequence, d.kind
        limit $3`,
      [lane.installationId, lane.stream, limit],
    );
    if (deliveries.rows.length === 0) return { deliveries: [], target: null };
    const target = await tx.query<TargetRow>(
      `select i.id, i.workspace_id, i.module_key, i.module_version, i.state,
              i.webhooks_disabled_at, r.manifest_json -> 'runtime' as runtime
         from public.module_installations i
         left join public.module_registry r
           on r.module_key = i.module_key and r.version = i.module_version
        where i.id = $1`,
      [lane.installationId],
    );
    return {
      deliveries: deliveries.rows.map(toLaneDelivery),
      target: target.rows[0] ? toLaneTarget(target.rows[0]) : null,
    };
  });
}

function toLaneDelivery(row: DeliveryRow): LaneDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    action: row.action,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    event: { ...row.event, occurred_at: new Date(row.event.occurred_at) },
  };
}

function toLaneTarget(row: TargetRow): LaneTarget {
  const baseUrl = row.runtime?.target?.baseUrl;
  const webhooks = moduleWebhooksSchema.safeParse(row.runtime?.webhooks);
  return {
    installationId: row.id,
    workspaceId: row.workspace_id,
    moduleKey: row.module_key,
    moduleVersion: row.module_version,
    state: row.state,
    webhooksDisabled: row.webhooks_disabled_at !== null,
    baseUrl: typeof baseUrl === 'string' ? baseUrl : null,
    webhooks: webhooks.success ? webhooks.data : null,
  };
}
