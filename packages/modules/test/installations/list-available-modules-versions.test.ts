import { type TenantTree, type TestDatabase } from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import {
  disableModule,
  enableModule,
  installModule,
  listAvailableModules,
  previewUpgrade,
  rollbackRegistry,
  uninstallModule,
  upgradeInstallation,
} from '../../src';
import { registerTestModule, testManifest, type HealthStandIn } from '../../src/testing';
import { actorOf, failure, freshKey, setupModulesDatabase } from './support';

// Which version's manifest GET /modules/available describes a module with, when the installed
// version is behind the current one: name, navigation and paid from the installed version,
// config_schema from the current one (what an install would be checked against); once
// uninstalled, the current version's. The query reads one manifest per row for that.

let test: TestDatabase;
let tree: TenantTree;
let targets: HealthStandIn;

setupModulesDatabase((setup) => {
  ({ test, tree, targets } = setup);
});

describe('listAvailableModules with the installed version behind the current one', () => {
  it('describes the module by its installed version, the config schema by the current one', async () => {
    const superAdmin = actorOf(tree, 'superAdmin', 'S', 'super_admin');
    const agencyAdmin = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const workspaceId = tree.workspaces.A1.id;
    const key = freshKey('versions');
    const baseUrl = targets.baseUrl('healthy');
    const v1 = testManifest({ key, baseUrl });
    const v2 = {
      ...testManifest({
        key,
        baseUrl,
        version: '2.0.0',
        adminPages: { '/reports': 'member' },
        configSchema: { type: 'object', properties: { region: { type: 'string' } } },
      }),
      name: 'Renamed in 2.0.0',
      paid: true,
    };
    await registerTestModule(test.db, superAdmin, v1);
    const transition = { actor: agencyAdmin, workspaceId, moduleKey: key, correlationId: 'test' };
    await installModule(test.db, transition);
    await enableModule(test.db, transition);
    await registerTestModule(test.db, superAdmin, v2);

    const read = async () =>
      (await listAvailableModules(test.db, { actor: agencyAdmin, workspaceId })).items.find(
        (item) => item.module_key === key,
      );
    expect(await read()).toMatchObject({
      name: v1.name,
      state: 'enabled',
      version: '1.0.0',
      current_version: '2.0.0',
      upgrade_available: true,
      paid: false,
      config_schema: v2.configSchema,
      navigation: [{ label: `Module ${key}`, path: `/w/${workspaceId}/m/${key}` }],
    });

    await disableModule(test.db, transition);
    await uninstallModule(test.db, transition);
    expect(await read()).toMatchObject({
      name: 'Renamed in 2.0.0',
      state: 'uninstalled',
      version: null,
      previous_version: null,
      current_version: '2.0.0',
      upgrade_available: false,
      paid: true,
      config_schema: v2.configSchema,
      navigation: [],
    });
  });
});

describe('upgrade_available and the upgrade target compare versions by semver', () => {
  it('offers no upgrade (and refuses one) when a registry rollback left the current version lower', async () => {
    const superAdmin = actorOf(tree, 'superAdmin', 'S', 'super_admin');
    const agencyAdmin = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const workspaceId = tree.workspaces.A1.id;
    const key = freshKey('semver');
    const baseUrl = targets.baseUrl('healthy');
    for (const version of ['1.0.0', '1.9.0', '1.10.0']) {
      await registerTestModule(test.db, superAdmin, testManifest({ key, baseUrl, version }));
    }
    const transition = { actor: agencyAdmin, workspaceId, moduleKey: key, correlationId: 'test' };
    await installModule(test.db, transition);
    const read = async () =>
      (await listAvailableModules(test.db, { actor: agencyAdmin, workspaceId })).items.find(
        (item) => item.module_key === key,
      );
    expect(await read()).toMatchObject({ version: '1.10.0', upgrade_available: false });

    // The registry's current version goes back to 1.9.0: lower by semver, greater as text.
    await rollbackRegistry(test.db, superAdmin, { moduleKey: key, correlationId: 'test' });
    expect(await read()).toMatchObject({
      version: '1.10.0',
      current_version: '1.9.0',
      upgrade_available: false,
    });
    const notNewer = {
      code: 'CONFLICT',
      details: { reason: 'not_newer', version: '1.10.0', current_version: '1.9.0' },
    };
    expect(await failure(previewUpgrade(test.db, transition))).toStrictEqual(notNewer);
    expect(
      await failure(
        upgradeInstallation(test.db, { ...transition, toVersion: '1.9.0', consent: true }),
      ),
    ).toStrictEqual(notNewer);
    const { rows } = await test.admin.query(
      'select module_version, previous_version from public.module_installations where workspace_id = $1 and module_key = $2',
      [workspaceId, key],
    );
    expect(rows).toStrictEqual([{ module_version: '1.10.0', previous_version: null }]);
  });
});
