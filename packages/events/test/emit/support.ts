import { randomUUID } from 'node:crypto';
import type { TenantWorkspaceKey } from '@aiconnected/db/testing';
import { registerTestModule, testManifest } from '@aiconnected/modules/testing';
import type { ModuleManifest, ModuleWebhookAction } from '@aiconnected/sdk-contracts';
import type { InstallationPrincipal } from '../../src';
import { actorOf, type OpsWorld } from '../operations/support';

// The emit tests' modules: registered through the real import (so assess checks them),
// installed by the test in the state it needs.

export interface TestModuleSpec {
  /** Emitted event names (after `<key>.`) with their data schemas. */
  emits?: Record<string, Record<string, unknown>>;
  /** Consumed event names (full). */
  consumes?: string[];
  /** Lifecycle callbacks the module declares. */
  actions?: ModuleWebhookAction[];
  /** Another version of an already registered module (default: a fresh key at 1.0.0). */
  existing?: { key: string; version: string };
}

/** Registers a fresh module (`<prefix>-<random>`), or another version of one, as `spec` says; its key. */
export async function registerModule(
  { test, tree }: OpsWorld,
  prefix: string,
  spec: TestModuleSpec = {},
): Promise<string> {
  const key = spec.existing?.key ?? `${prefix}-${randomUUID().slice(0, 8)}`;
  const base = testManifest({
    key,
    baseUrl: 'http://127.0.0.1:9/',
    ...(spec.existing ? { version: spec.existing.version } : {}),
  });
  const consumes = spec.consumes ?? [];
  const actions = spec.actions ?? [];
  const manifest = {
    ...base,
    events: {
      emits: Object.entries(spec.emits ?? {}).map(([name, schema]) => ({
        name: `${key}.${name}`,
        schema,
      })),
      consumes: consumes.map((name) => ({ name, schema: { type: 'object' } })),
    },
    runtime: {
      ...base.runtime,
      ...(consumes.length + actions.length > 0
        ? {
            webhooks: {
              ...(consumes.length > 0 ? { eventsPath: '/webhooks/events' } : {}),
              ...(actions.length > 0
                ? { actions: Object.fromEntries(actions.map((a) => [a, `/webhooks/${a}`])) }
                : {}),
            },
          }
        : {}),
    },
  } as ModuleManifest;
  await registerTestModule(test.db, actorOf(tree, 'superAdmin', 'S', 'super_admin'), manifest);
  return key;
}

/** Installs `key` 1.0.0 in `workspace` in `state` (as the database's owner); its row id. */
export async function install(
  { test, tree }: OpsWorld,
  key: string,
  workspace: TenantWorkspaceKey,
  state: 'installed' | 'enabled' | 'disabled' | 'uninstalled' = 'enabled',
): Promise<string> {
  const { rows } = await test.admin.query<{ id: string }>(
    `insert into public.module_installations (workspace_id, module_key, module_version, state)
     values ($1, $2, '1.0.0', $3) returning id`,
    [tree.workspaces[workspace].id, key, state],
  );
  return rows[0]?.id ?? '';
}

/** The principal a module's API key authenticates as (credentials have their own tests). */
export function principalOf(
  { tree }: OpsWorld,
  key: string,
  installationId: string,
  workspace: TenantWorkspaceKey,
): InstallationPrincipal {
  return {
    installationId,
    workspaceId: tree.workspaces[workspace].id,
    moduleKey: key,
    moduleVersion: '1.0.0',
    credentialId: randomUUID(),
  };
}

/** The deliveries of an event: installation, kind and action, sorted. */
export async function deliveriesOf({ test }: OpsWorld, eventId: string) {
  const { rows } = await test.admin.query<{
    installation_id: string;
    module_key: string;
    kind: string;
    action: string | null;
    state: string;
    stream: string;
    sequence: string;
  }>(
    `select installation_id, module_key, kind, action, state, stream, sequence::text
       from public.event_deliveries where event_id = $1 order by module_key, kind`,
    [eventId],
  );
  return rows;
}
