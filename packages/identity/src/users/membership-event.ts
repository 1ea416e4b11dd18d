import { randomUUID } from 'node:crypto';
import type { Tx } from '@aiconnected/db';
import { storeEvent } from '@aiconnected/modules';
import {
  membershipEventDataSchema,
  membershipStream,
  SHELL_EVENT_SOURCE,
  type MembershipEvent,
  type MembershipEventData,
} from '@aiconnected/sdk-contracts';
import type { MembershipRow } from './membership-record';

/** A membership row as far as its events tell it (ids and role keys only). */
export type MembershipEventRow = Omit<MembershipRow, 'created_at' | 'updated_at'>;

export interface MembershipEventInput {
  name: MembershipEvent;
  /** The membership after the change. */
  after: MembershipEventRow;
  /** The membership before it (absent for a new one). */
  before?: MembershipEventRow;
  reason: MembershipEventData['reason'];
  actorUserId: string;
  correlationId: string | null;
}

/**
 * The event a `PATCH /memberships/{id}` emits, or none (docs/events.md "Shell events"): one
 * per change, the access change first: active -> inactive is `membership.removed`, inactive ->
 * active `membership.created` (`reactivated`), else another role `membership.role_changed`. A
 * change of capability overrides only, or of an inactive membership's role, emits nothing.
 */
export function membershipUpdateEvent(
  before: MembershipEventRow,
  after: MembershipEventRow,
): Pick<MembershipEventInput, 'name' | 'reason'> | null {
  if (before.active && !after.active) return { name: 'membership.removed', reason: 'deactivated' };
  if (!before.active && after.active) return { name: 'membership.created', reason: 'reactivated' };
  if (after.active && before.role_template !== after.role_template) {
    return { name: 'membership.role_changed', reason: 'role_changed' };
  }
  return null;
}

/**
 * Stores a membership event in `tx`, which must run as service_role (`withService`, or inside
 * `asServiceRole` in a `withWorkspace` transaction): source `/shell`, stream
 * `memberships/<user_id>`, fanned out to the workspace's subscribers by `shell.emit_event`,
 * the same call the module lifecycle events go through. Committed or rolled back with the
 * change. `data` is checked against the `shell-events` contract (a failure is a shell bug).
 */
export async function storeMembershipEvent(tx: Tx, input: MembershipEventInput): Promise<void> {
  const { after, before } = input;
  const data = membershipEventDataSchema.parse({
    membership_id: after.id,
    workspace_id: after.workspace_id,
    user_id: after.user_id,
    role_template: after.role_template,
    ...(before !== undefined && before.role_template !== after.role_template
      ? { previous_role_template: before.role_template }
      : {}),
    active: after.active,
    reason: input.reason,
    actor_user_id: input.actorUserId,
    invited_by_user_id: after.invited_by_user_id,
  });
  await storeEvent(tx, {
    workspaceId: after.workspace_id,
    eventName: input.name,
    source: SHELL_EVENT_SOURCE,
    stream: membershipStream(after.user_id),
    payload: data,
    correlationId: input.correlationId ?? randomUUID(),
    // One event per change: nothing retries it with the same key.
    idempotencyKey: `${input.name}:${after.id}:${randomUUID()}`,
  });
}
