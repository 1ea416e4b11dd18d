import {
  disableModule,
  installModule,
  rollbackInstallation,
  uninstallModule,
  upgradeInstallation,
} from '@aiconnected/modules';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorOf, cid, failure, setupOpsDatabase } from '../operations/support';
import { deliveriesOf, install, registerModule } from './support';

// The shell's module lifecycle events (docs/events.md "Shell events"), emitted by the real
// transitions in their own transaction: the event, its fan-out to the workspace's subscribers
// and the module's own lifecycle callback when its manifest declares it.

const world = setupOpsDatabase();
let listener: string;

beforeAll(async () => {
  const w = world();
  // Consumes the lifecycle events in agency A.
  const key = await registerModule(w, 'listener', {
    consumes: ['module.installed', 'module.disabled', 'module.uninstalled'],
  });
  listener = await install(w, key, 'A');
});

const admin = () => actorOf(world().tree, 'agencyAdminA', 'A', 'agency_admin');

async function shellEvents(correlationId: string) {
  const { rows } = await world().test.admin.query<{
    id: string;
    event_name: string;
    source: string;
    stream: string;
    payload_json: unknown;
    delivery_state: string;
  }>(
    `select id, event_name, source, stream, payload_json, delivery_state
       from public.events where correlation_id = $1 order by recorded_at, id`,
    [correlationId],
  );
  return rows;
}

describe('module lifecycle events', () => {
  it('install, disable and uninstall each emit their event to subscribers and call back the module', async () => {
    const w = world();
    const key = await registerModule(w, 'life', { actions: ['install', 'disable', 'uninstall'] });
    const workspaceId = w.tree.workspaces.A.id;
    const installed = cid('install');
    const view = await installModule(w.test.db, {
      actor: admin(),
      workspaceId,
      moduleKey: key,
      correlationId: installed,
    });
    const [event] = await shellEvents(installed);
    const installationId = (
      await w.test.admin.query<{ id: string }>(
        'select id from public.module_installations where workspace_id = $1 and module_key = $2',
        [workspaceId, key],
      )
    ).rows[0]?.id;
    expect(view.state).toBe('installed');
    expect(event).toStrictEqual({
      id: expect.any(String),
      event_name: 'module.installed',
      source: '/shell',
      stream: `modules/${key}`,
      payload_json: {
        installation_id: installationId,
        module_key: key,
        version: '1.0.0',
        state: 'installed',
      },
      delivery_state: 'pending',
    });
    const fanOut = (await deliveriesOf(w, event?.id ?? ''))
      .map(({ installation_id, kind, action }) => ({ installation_id, kind, action }))
      .sort((a, b) => a.kind.localeCompare(b.kind));
    expect(fanOut).toStrictEqual([
      { installation_id: installationId, kind: 'action', action: 'install' },
      { installation_id: listener, kind: 'event', action: null },
    ]);

    // Enabled meanwhile (the enable gate probes the target: its own tests), then disabled.
    await w.test.admin.query(
      `update public.module_installations set state = 'enabled' where id = $1`,
      [installationId],
    );
    const disabled = cid('disable');
    await disableModule(w.test.db, {
      actor: admin(),
      workspaceId,
      moduleKey: key,
      correlationId: disabled,
    });
    const uninstalled = cid('uninstall');
    await uninstallModule(w.test.db, {
      actor: admin(),
      workspaceId,
      moduleKey: key,
      correlationId: uninstalled,
    });
    for (const [correlationId, name, state, action] of [
      [disabled, 'module.disabled', 'disabled', 'disable'],
      [uninstalled, 'module.uninstalled', 'uninstalled', 'uninstall'],
    ] as const) {
      const [row] = await shellEvents(correlationId);
      expect(row?.event_name).toBe(name);
      expect(row?.payload_json).toMatchObject({ state });
      const deliveries = await deliveriesOf(w, row?.id ?? '');
      expect(deliveries.find((d) => d.kind === 'action')).toMatchObject({
        installation_id: installationId,
        action,
      });
      expect(deliveries.some((d) => d.installation_id === listener && d.kind === 'event')).toBe(
        true,
      );
    }
    // The sequence of the module's stream follows the transitions.
    const { rows } = await w.test.admin.query<{ sequence: string }>(
      `select sequence::text from public.events where workspace_id = $1 and stream = $2 order by sequence`,
      [workspaceId, `modules/${key}`],
    );
    expect(rows.map((row) => row.sequence)).toStrictEqual(['1', '2', '3']);
  });

  it('no callback when the module declares none; a refused transition emits nothing', async () => {
    const w = world();
    const key = await registerModule(w, 'quiet');
    const workspaceId = w.tree.workspaces.A.id;
    const installed = cid('install');
    await installModule(w.test.db, {
      actor: admin(),
      workspaceId,
      moduleKey: key,
      correlationId: installed,
    });
    const [event] = await shellEvents(installed);
    expect((await deliveriesOf(w, event?.id ?? '')).map((d) => d.kind)).toStrictEqual(['event']);
    const again = cid('install-again');
    expect(
      await failure(
        installModule(w.test.db, {
          actor: admin(),
          workspaceId,
          moduleKey: key,
          correlationId: again,
        }),
      ),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(await shellEvents(again)).toStrictEqual([]);
  });

  it('upgrade and rollback emit module.upgraded and module.rolled_back with both versions, no callback', async () => {
    const w = world();
    const key = await registerModule(w, 'moving', {
      actions: ['install', 'enable', 'disable', 'uninstall'],
    });
    const workspaceId = w.tree.workspaces.A.id;
    await installModule(w.test.db, {
      actor: admin(),
      workspaceId,
      moduleKey: key,
      correlationId: cid('install'),
    });
    await registerModule(w, 'moving', {
      actions: ['install', 'enable', 'disable', 'uninstall'],
      existing: { key, version: '1.1.0' },
    });
    const upgraded = cid('upgrade');
    await upgradeInstallation(w.test.db, {
      actor: admin(),
      workspaceId,
      moduleKey: key,
      toVersion: '1.1.0',
      correlationId: upgraded,
    });
    const rolledBack = cid('rollback');
    await rollbackInstallation(w.test.db, {
      actor: admin(),
      workspaceId,
      moduleKey: key,
      correlationId: rolledBack,
    });
    for (const [correlationId, name, version, previous] of [
      [upgraded, 'module.upgraded', '1.1.0', '1.0.0'],
      [rolledBack, 'module.rolled_back', '1.0.0', '1.1.0'],
    ] as const) {
      const [row] = await shellEvents(correlationId);
      expect(row).toMatchObject({
        event_name: name,
        source: '/shell',
        stream: `modules/${key}`,
        payload_json: { module_key: key, version, previous_version: previous, state: 'installed' },
        delivery_state: 'no_subscribers',
      });
      expect(await deliveriesOf(w, row?.id ?? '')).toStrictEqual([]);
    }
  });
});
