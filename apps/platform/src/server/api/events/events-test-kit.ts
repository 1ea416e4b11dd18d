import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { issueInstallationCredentials } from '@aiconnected/events';
import { testManifest, type HealthStandIn } from '@aiconnected/modules/testing';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import {
  as,
  contextOf,
  type MemberLabel,
  type RoleTreeApiTest,
  type TreeKey,
} from '@/server/api/testing';

// The events API tests' world on the role tree: an emitting module and a consuming one,
// registered through POST /modules/import, installed and enabled through the API (targets
// stood in on loopback), the emitter's API key issued as the install would.

/** The JSON Schema of the test event's data: `{ id: integer }`, nothing else. */
export const ITEM_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer' } },
  additionalProperties: false,
};

export interface EventModules {
  emitter: string;
  consumer: string;
  /** `<emitter>.item.created`. */
  eventName: string;
}

/**
 * Registers an emitter of `<key>.item.created` (`paid: true` when `options.paid`; its data's
 * JSON Schema `options.schema`, default `ITEM_SCHEMA`) and a consumer of it (fresh keys).
 */
export async function registerEventModules(
  { call }: RoleTreeApiTest,
  targets: HealthStandIn,
  { schema = ITEM_SCHEMA, ...options }: { paid?: boolean; schema?: object } = {},
): Promise<EventModules> {
  const emitter = `emit-${randomUUID().slice(0, 8)}`;
  const consumer = `cons-${randomUUID().slice(0, 8)}`;
  const eventName = `${emitter}.item.created`;
  const baseUrl = targets.baseUrl('healthy');
  const emitting = testManifest({ key: emitter, baseUrl, ...options });
  const consuming = testManifest({ key: consumer, baseUrl });
  const manifests = [
    {
      ...emitting,
      events: {
        emits: [{ name: eventName, description: 'An item', schema }],
        consumes: [],
      },
    },
    {
      ...consuming,
      events: {
        emits: [],
        consumes: [{ name: eventName, description: 'An item', schema }],
      },
      runtime: { ...consuming.runtime, webhooks: { eventsPath: '/webhooks/events' } },
    },
  ] as ModuleManifest[];
  for (const manifest of manifests) {
    const response = await call('S.super_admin', 'POST', '/modules/import', { manifest });
    expect(response.status, await response.clone().text()).toBe(201);
  }
  return { emitter, consumer, eventName };
}

/** Installs and enables `key` in `workspace` as its agency's admin. */
export async function installEnabled(
  kit: RoleTreeApiTest,
  key: string,
  workspace: TreeKey,
  admin: MemberLabel,
): Promise<void> {
  const { call, ws } = kit;
  for (const action of ['install', 'enable']) {
    const response = await call(admin, 'POST', `/modules/${key}/${action}`, {
      workspace_id: ws(workspace).id,
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }
}

/** A fresh API key of `key`'s installation in `workspace` (issued by `admin`). */
export async function apiKeyOf(
  kit: RoleTreeApiTest,
  key: string,
  workspace: TreeKey,
  admin: MemberLabel,
): Promise<string> {
  const { setup, ws } = kit;
  const issued = await issueInstallationCredentials(
    setup.database.db,
    await contextOf(setup.api, setup.tokens[admin]),
    {
      workspaceId: ws(workspace).id,
      moduleKey: key,
      kinds: ['api_key'],
      ring: setup.deps.secrets,
      correlationId: `test-key-${randomUUID().slice(0, 8)}`,
    },
  );
  if (!issued.api_key) throw new Error('no API key issued');
  return issued.api_key.secret;
}

/** `POST /api/events` with a module API key. */
export function emitAsModule(kit: RoleTreeApiTest, apiKey: string, body: unknown) {
  return kit.setup.api.request('/api/events', as(apiKey, 'POST', body));
}

/**
 * Sets the billing account of `workspace` as Stripe's reconciliation leaves it (`status`,
 * `grace_ends_at`); `status` null removes it.
 */
export async function setBillingAccount(
  { setup, ws }: RoleTreeApiTest,
  workspace: TreeKey,
  status: string | null,
  graceEndsAt: Date | null = null,
): Promise<void> {
  const admin = setup.database.admin;
  if (status === null) {
    await admin.query('delete from public.billing_accounts where workspace_id = $1', [
      ws(workspace).id,
    ]);
    return;
  }
  await admin.query(
    `insert into public.billing_accounts (workspace_id, status, grace_ends_at) values ($1, $2, $3)
     on conflict (workspace_id) do update
       set status = excluded.status, grace_ends_at = excluded.grace_ends_at`,
    [ws(workspace).id, status, graceEndsAt],
  );
}
