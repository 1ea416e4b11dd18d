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
  /**
   * The installation's workspace status (`active`, `suspended`, `archived`): the drain holds
   * the lane while it is not `active` (docs/events.md "Workspace status").
   */
  workspaceStatus: string;
}

/** One element of `shell.read_lane`'s json array: timestamps arrive as text. */
interface DeliveryRow {
  id: string;
  event_id: string;
  workspace_id: string;
  kind: LaneDelivery['kind'];
  action: LaneDelivery['action'];
  state: LaneDelivery['state'];
  attempts: number;
  next_attempt_at: string;
  event: Omit<EventRow, 'occurred_at'> & { occurred_at: string };
}

/** `shell.read_lane`'s one row (none when the lane has nothing undelivered). */
interface LaneRow {
  deliveries: DeliveryRow[];
  /** Null (with the other target columns) when the installation is gone. */
  installation_id: string | null;
  workspace_id: string;
  module_key: string;
  module_version: string | null;
  state: string;
  webhooks_disabled_at: Date | null;
  runtime: { target?: { baseUrl?: unknown }; webhooks?: unknown } | null;
  workspace_status: string;
}

/**
 * Reads the first `limit` undelivered deliveries of `lane` (pending or dead-lettered), in lane
 * order `(sequence, kind)`, each with its event, and the lane's installation with its
 * installed version's runtime and its workspace's status: one prepared call of
 * `shell.read_lane` (migrations 050, 057: one statement with one generic plan; RLS keeps these
 * tables from tenants, the function is service_role's only).
 */
export async function readLane(
  db: Db,
  lane: Lane,
  limit: number,
): Promise<{ deliveries: LaneDelivery[]; target: LaneTarget | null }> {
  const [row] = await db.callService<LaneRow>('event delivery: read a lane', 'shell.read_lane', [
    lane.installationId,
    lane.stream,
    limit,
  ]);
  if (!row) return { deliveries: [], target: null };
  return {
    deliveries: row.deliveries.map(toLaneDelivery),
    target: row.installation_id === null ? null : toLaneTarget({ ...row, id: row.installation_id }),
  };
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
    nextAttemptAt: new Date(row.next_attempt_at),
    event: { ...row.event, occurred_at: new Date(row.event.occurred_at) },
  };
}

function toLaneTarget(row: LaneRow & { id: string }): LaneTarget {
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
    workspaceStatus: row.workspace_status,
  };
}
