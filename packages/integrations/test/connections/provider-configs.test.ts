import { describe, expect, it } from 'vitest';
import { listProviderConfigs } from '../../src/connections/list-provider-configs';
import { putProviderConfig } from '../../src/connections/put-provider-config';
import {
  LOCAL_GITHUB_PROVIDER,
  seedProviderConfig,
} from '../../src/connections/seed-provider-config';
import { actorOf, cid, failure, setupIntegrationsWorld, SCOPES } from '../support';

const world = setupIntegrationsWorld();
const superAdmin = () => actorOf(world().tree, 'superAdmin', 'S', 'super_admin');
const body = (auth_config_ref: string, enabled = true) => ({
  backend: 'composio' as const,
  auth_config_ref,
  display_name: 'Gmail',
  available_scopes: ['gmail.readonly', 'gmail.send'],
  enabled,
});

describe('provider configs', () => {
  it('a workspace manager sees enabled providers with its allowed scopes, never the auth config', async () => {
    const { test, tree } = world();
    await test.admin.query(
      `insert into public.integration_provider_configs (provider_key, auth_config_ref, display_name, enabled)
       values ('hidden', 'ac_standin_hidden', 'Hidden', false)`,
    );
    await test.admin.query(
      `insert into public.credential_policies (workspace_id, provider_key, resolution_order_json, allowed_scopes)
       values ($1, 'github', '["agency","super"]', '["repo"]')`,
      [tree.workspaces.A.id],
    );
    const agency = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    expect(await listProviderConfigs(test.db, agency, tree.workspaces.A1.id)).toEqual({
      items: [
        {
          provider_key: 'github',
          backend: 'composio',
          display_name: 'GitHub',
          available_scopes: SCOPES,
          allowed_scopes: ['repo'],
          enabled: true,
        },
      ],
    });
    const other = actorOf(tree, 'agencyAdminB', 'B', 'agency_admin');
    expect(
      (await listProviderConfigs(test.db, other, tree.workspaces.B.id)).items[0]?.allowed_scopes,
    ).toEqual(SCOPES);
    expect(await failure(listProviderConfigs(test.db, other, tree.workspaces.A.id))).toMatchObject({
      code: 'WORKSPACE_FORBIDDEN',
    });
    const manager = actorOf(tree, 'businessManagerA1', 'A1', 'business_manager');
    expect(
      await failure(listProviderConfigs(test.db, manager, tree.workspaces.A1.id)),
    ).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
  });

  it('the platform sees every provider with its auth config', async () => {
    const { test, tree } = world();
    const list = await listProviderConfigs(test.db, superAdmin(), tree.workspaces.S.id);
    expect(
      list.items.map((item) => [
        item.provider_key,
        'auth_config_ref' in item ? item.auth_config_ref : null,
      ]),
    ).toEqual([
      ['github', 'ac_standin_github'],
      ['hidden', 'ac_standin_hidden'],
    ]);
  });

  it('put: platform only, the auth config checked with the backend, audited with the changed keys', async () => {
    const { test, tree, deps, standIn } = world();
    const saved = await putProviderConfig(
      test.db,
      deps,
      superAdmin(),
      'gmail',
      body('ac_standin_gmail'),
      cid('put'),
    );
    expect(saved).toEqual({
      provider_key: 'gmail',
      ...body('ac_standin_gmail'),
      allowed_scopes: ['gmail.readonly', 'gmail.send'],
    });
    await putProviderConfig(
      test.db,
      deps,
      superAdmin(),
      'gmail',
      body('ac_standin_gmail', false),
      cid('put'),
    );
    const { rows } = await test.admin.query<{
      workspace_id: string;
      metadata_json: { changed: string[] };
    }>(
      `select workspace_id, metadata_json from public.audit_logs
        where action = 'integration.provider_config_update' and target_id = 'gmail' order by created_at`,
    );
    expect(rows.map((row) => [row.workspace_id, row.metadata_json.changed])).toEqual([
      [
        tree.workspaces.S.id,
        ['backend', 'auth_config_ref', 'display_name', 'available_scopes', 'enabled'],
      ],
      [tree.workspaces.S.id, ['enabled']],
    ]);

    const agency = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    expect(
      await failure(
        putProviderConfig(test.db, deps, agency, 'gmail', body('ac_standin_gmail'), 'c'),
      ),
    ).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(
      await failure(
        putProviderConfig(test.db, deps, superAdmin(), 'gmail', body('ac_standin_github'), 'c'),
      ),
    ).toEqual({
      code: 'VALIDATION_BLOCKING',
      details: { field: 'auth_config_ref', toolkit: 'github' },
    });
    expect(
      await failure(
        putProviderConfig(test.db, deps, superAdmin(), 'gmail', body('ac_nothing'), 'c'),
      ),
    ).toEqual({
      code: 'VALIDATION_BLOCKING',
      details: { field: 'auth_config_ref', toolkit: null },
    });
    standIn.setFailure('401');
    try {
      expect(
        await failure(
          putProviderConfig(test.db, deps, superAdmin(), 'gmail', body('ac_standin_gmail'), 'c'),
        ),
      ).toEqual({
        code: 'INTEGRATION_PROVIDER_UNAVAILABLE',
        details: { reason: 'not_configured' },
      });
    } finally {
      standIn.setFailure(null);
    }
  });

  it('the local seed creates a missing config once and never overwrites one', async () => {
    const { test } = world();
    // github exists (the file's world seeded it): left as it is.
    expect(await seedProviderConfig(test.db, LOCAL_GITHUB_PROVIDER)).toBe(false);
    const other = {
      ...LOCAL_GITHUB_PROVIDER,
      providerKey: 'gitlab',
      authConfigRef: 'ac_standin_gitlab',
    };
    expect(await seedProviderConfig(test.db, other)).toBe(true);
    expect(await seedProviderConfig(test.db, other)).toBe(false);
    const { rows } = await test.admin.query(
      `select provider_key, auth_config_ref, enabled from public.integration_provider_configs
        where provider_key in ('github', 'gitlab') order by provider_key`,
    );
    expect(rows).toEqual([
      { provider_key: 'github', auth_config_ref: 'ac_standin_github', enabled: true },
      { provider_key: 'gitlab', auth_config_ref: 'ac_standin_gitlab', enabled: true },
    ]);
  });
});
