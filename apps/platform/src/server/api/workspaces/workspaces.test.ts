import { describe, expect, it } from 'vitest';
import {
  auditRow,
  auditRowsOf,
  correlationIdOf,
  expectError,
  setupRoleTreeApiTest,
  type MemberLabel,
} from '@/server/api/testing';

const { setup, ws, call } = setupRoleTreeApiTest();

/** The API shape of a workspace, timestamps and generated values as matchers. */
function workspaceBody(fields: {
  id?: string;
  type: string;
  parent: string | null;
  name: string;
  slug?: string | null;
  status?: string;
}) {
  return {
    id: fields.id ?? expect.any(String),
    type: fields.type,
    parent_workspace_id: fields.parent,
    name: fields.name,
    slug: fields.slug === undefined ? expect.any(String) : fields.slug,
    status: fields.status ?? 'active',
    created_at: expect.any(String),
    updated_at: expect.any(String),
  };
}

describe('GET /api/workspaces', () => {
  it('lists what each role may see, in tree order', async () => {
    const names = async (who: MemberLabel, query = '') => {
      const response = await call(who, 'GET', `/workspaces${query}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: { name: string }[] }).items.map(
        (item) => item.name,
      );
    };
    expect(await names('A1.business_user')).toStrictEqual([ws('A1').name]);
    expect(await names('A.agency_user')).toStrictEqual([ws('A').name]);
    expect(await names('A.agency_manager')).toStrictEqual([
      ws('A').name,
      ws('A2').name,
      ws('A1').name,
    ]);
    expect(await names('S.super_admin', '?type=agency')).toStrictEqual([
      ws('B').name,
      ws('A').name,
    ]);
    expect(await names('S.super_admin', `?parent_workspace_id=${ws('B').id}`)).toStrictEqual([
      ws('B1').name,
    ]);
  });

  it('refuses a parent outside the scope, an anonymous caller and a bad filter', async () => {
    await expectError(
      await call('A.agency_admin', 'GET', `/workspaces?parent_workspace_id=${ws('B').id}`),
      'WORKSPACE_FORBIDDEN',
      {
        workspace_id: ws('B').id,
      },
    );
    await expectError(await setup.api.request('/api/workspaces'), 'AUTH_REQUIRED');
    await expectError(
      await call('A.agency_admin', 'GET', '/workspaces?type=planet'),
      'VALIDATION_BLOCKING',
      {
        issues: [
          {
            path: 'query.type',
            message: 'Invalid option: expected one of "super"|"agency"|"business"',
          },
        ],
      },
    );
  });
});

describe('GET /api/workspaces/{id}', () => {
  it('returns a workspace in scope', async () => {
    const response = await call('A.agency_admin', 'GET', `/workspaces/${ws('A1').id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      workspace: workspaceBody({
        id: ws('A1').id,
        type: 'business',
        parent: ws('A').id,
        name: ws('A1').name,
        slug: null,
      }),
    });
  });

  it('answers WORKSPACE_FORBIDDEN for a child an agency user does not govern and for an unknown id', async () => {
    await expectError(
      await call('A.agency_user', 'GET', `/workspaces/${ws('A1').id}`),
      'WORKSPACE_FORBIDDEN',
      {
        workspace_id: ws('A1').id,
      },
    );
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expectError(
      await call('S.super_admin', 'GET', `/workspaces/${unknown}`),
      'WORKSPACE_FORBIDDEN',
      {
        workspace_id: unknown,
      },
    );
    await expectError(
      await call('S.super_admin', 'GET', '/workspaces/not-an-id'),
      'VALIDATION_BLOCKING',
      {
        issues: [{ path: 'path.id', message: 'Invalid UUID' }],
      },
    );
  });
});

describe('POST /api/workspaces', () => {
  it('lets super create an agency, audited under the response correlation id', async () => {
    const response = await call('S.super_admin', 'POST', '/workspaces', {
      type: 'agency',
      name: `Fabrikam ${setup.tree.tag}`,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { workspace: { id: string } };
    expect(body).toStrictEqual({
      workspace: workspaceBody({
        type: 'agency',
        parent: ws('S').id,
        name: `Fabrikam ${setup.tree.tag}`,
        slug: `fabrikam-${setup.tree.tag}`,
      }),
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('S').id,
        actor: setup.tree.members['S.super_admin'].id,
        action: 'workspace.create',
        target: { type: 'workspace', id: body.workspace.id },
        metadata: {
          type: 'agency',
          name: `Fabrikam ${setup.tree.tag}`,
          slug: `fabrikam-${setup.tree.tag}`,
          parent_workspace_id: ws('S').id,
        },
      }),
    ]);
  });

  it('lets an agency admin create a business under its agency by default', async () => {
    const response = await call('A.agency_admin', 'POST', '/workspaces', {
      type: 'business',
      name: 'Northwind Florist',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toStrictEqual({
      workspace: workspaceBody({
        type: 'business',
        parent: ws('A').id,
        name: 'Northwind Florist',
        slug: 'northwind-florist',
      }),
    });
  });

  it('answers CONFLICT for a sibling of the same name', async () => {
    const response = await call('S.super_admin', 'POST', '/workspaces', {
      type: 'agency',
      name: ws('B').name.toUpperCase(),
    });
    await expectError(
      response,
      'CONFLICT',
      { field: 'name' },
      'A workspace with this name already exists here.',
    );
  });

  it('refuses whoever may not create the workspace asked for', async () => {
    await expectError(
      await call('A.agency_manager', 'POST', '/workspaces', { type: 'business', name: 'Nope' }),
      'PERMISSION_DENIED',
      { required_permission: 'settings.manage' },
    );
    await expectError(
      await call('A.agency_admin', 'POST', '/workspaces', { type: 'agency', name: 'Nope' }),
      'PERMISSION_DENIED',
      undefined,
      'Only the platform can create agencies.',
    );
    await expectError(
      await call('A.agency_admin', 'POST', '/workspaces', {
        type: 'business',
        name: 'Nope',
        parent_workspace_id: ws('B').id,
      }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B').id },
    );
    await expectError(
      await call('A1.business_admin', 'POST', '/workspaces', { type: 'business', name: 'Nope' }),
      'VALIDATION_BLOCKING',
      {
        issues: [
          { path: 'body.parent_workspace_id', message: 'Required unless acting in an agency' },
        ],
      },
      'Choose the agency the business belongs to.',
    );
    await expectError(
      await call('S.super_admin', 'POST', '/workspaces', {
        type: 'business',
        name: 'Nope',
        parent_workspace_id: ws('S').id,
      }),
      'VALIDATION_BLOCKING',
      { parent_type: 'super', child_type: 'business', allowed_child_type: 'agency' },
      'A super workspace can only have agency workspaces as children.',
    );
    await expectError(
      await call('S.super_admin', 'POST', '/workspaces', { type: 'super', name: ' ' }),
      'VALIDATION_BLOCKING',
      {
        issues: [
          { path: 'body.type', message: 'Invalid option: expected one of "agency"|"business"' },
          { path: 'body.name', message: 'Must contain visible characters' },
        ],
      },
    );
    const { rows } = await setup.database.admin.query<{ n: number }>(
      "select count(*)::int as n from public.workspaces where name = 'Nope'",
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('POST /api/workspaces/{id}/children', () => {
  it('creates a business under an agency in scope, audited in the parent', async () => {
    const response = await call('A.agency_admin', 'POST', `/workspaces/${ws('A').id}/children`, {
      name: 'Northwind Garage',
      child_type: 'business',
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { workspace: { id: string } };
    expect(body).toStrictEqual({
      workspace: workspaceBody({
        type: 'business',
        parent: ws('A').id,
        name: 'Northwind Garage',
        slug: 'northwind-garage',
      }),
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toMatchObject([
      { workspace_id: ws('A').id, action: 'workspace.create', target_id: body.workspace.id },
    ]);
  });

  it('refuses a parent outside the scope, a child that does not fit and a caller without settings.manage', async () => {
    await expectError(
      await call('A.agency_admin', 'POST', `/workspaces/${ws('B').id}/children`, {
        name: 'Nope',
        child_type: 'business',
      }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B').id },
    );
    await expectError(
      await call('A1.business_admin', 'POST', `/workspaces/${ws('A1').id}/children`, {
        name: 'Nope',
        child_type: 'business',
      }),
      'VALIDATION_BLOCKING',
      { parent_type: 'business', child_type: 'business', allowed_child_type: null },
      'A business workspace cannot have child workspaces.',
    );
    await expectError(
      await call('A.agency_manager', 'POST', `/workspaces/${ws('A').id}/children`, {
        name: 'Nope',
        child_type: 'business',
      }),
      'PERMISSION_DENIED',
      { required_permission: 'settings.manage' },
    );
  });
});

describe('PATCH /api/workspaces/{id}', () => {
  it('renames with settings.manage (slug kept) and lets the parent suspend and reactivate', async () => {
    const created = await call('A.agency_admin', 'POST', '/workspaces', {
      type: 'business',
      name: `Patch Me ${setup.tree.tag}`,
    });
    const { workspace } = (await created.json()) as { workspace: { id: string; slug: string } };

    const renamed = await call('A.agency_admin', 'PATCH', `/workspaces/${workspace.id}`, {
      name: 'Patched Shop',
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toStrictEqual({
      workspace: workspaceBody({
        id: workspace.id,
        type: 'business',
        parent: ws('A').id,
        name: 'Patched Shop',
        slug: workspace.slug,
      }),
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(renamed))).toMatchObject([
      {
        action: 'workspace.rename',
        workspace_id: workspace.id,
        metadata_json: { from: `Patch Me ${setup.tree.tag}`, to: 'Patched Shop' },
      },
    ]);

    const suspended = await call('A.agency_admin', 'PATCH', `/workspaces/${workspace.id}`, {
      status: 'suspended',
    });
    expect(((await suspended.json()) as { workspace: { status: string } }).workspace.status).toBe(
      'suspended',
    );
    expect(await auditRowsOf(setup.database, correlationIdOf(suspended))).toStrictEqual([
      auditRow({
        workspace: workspace.id,
        actor: setup.tree.members['A.agency_admin'].id,
        action: 'workspace.suspend',
        target: { type: 'workspace', id: workspace.id },
        metadata: { from: 'active', to: 'suspended' },
      }),
    ]);
    const reactivated = await call('S.super_admin', 'PATCH', `/workspaces/${workspace.id}`, {
      status: 'active',
    });
    expect(((await reactivated.json()) as { workspace: { status: string } }).workspace.status).toBe(
      'active',
    );
  });

  it('answers CONFLICT when a business admin, who cannot see its siblings, renames to a sibling name', async () => {
    for (const name of [ws('A2').name, `  ${ws('A2').name.toUpperCase()} `]) {
      await expectError(
        await call('A1.business_admin', 'PATCH', `/workspaces/${ws('A1').id}`, { name }),
        'CONFLICT',
        { field: 'name' },
        'A workspace with this name already exists here.',
      );
    }
    const { rows } = await setup.database.admin.query<{ name: string }>(
      'select name from public.workspaces where id = $1',
      [ws('A1').id],
    );
    expect(rows).toStrictEqual([{ name: ws('A1').name }]);
    // A name only a business of another agency holds is free here.
    const renamed = await call('A1.business_admin', 'PATCH', `/workspaces/${ws('A1').id}`, {
      name: ws('B1').name,
    });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    const back = await call('A1.business_admin', 'PATCH', `/workspaces/${ws('A1').id}`, {
      name: ws('A1').name,
    });
    expect(back.status).toBe(200);
  });

  it('answers CONFLICT for a sibling name that only looks different (width, doubled or odd spaces, invisible ends)', async () => {
    const childNames = async () =>
      (
        await setup.database.admin.query<{ name: string }>(
          'select name from public.workspaces where parent_workspace_id = $1 order by id',
          [ws('A').id],
        )
      ).rows;
    const before = await childNames();
    const sibling = ws('A2').name;
    const fullWidth = sibling.replace(/[A-Za-z]/, (letter) =>
      String.fromCharCode(letter.charCodeAt(0) + 0xfee0),
    );
    const lookalikes = [
      fullWidth,
      sibling.replace(' ', '  '),
      sibling.replace(' ', '\u00a0'),
      `${sibling}\u200b`,
      `\u2060${sibling}`,
    ];
    for (const name of lookalikes) {
      await expectError(
        await call('A1.business_admin', 'PATCH', `/workspaces/${ws('A1').id}`, { name }),
        'CONFLICT',
        { field: 'name' },
        'A workspace with this name already exists here.',
      );
      await expectError(
        await call('A.agency_admin', 'POST', '/workspaces', { type: 'business', name }),
        'CONFLICT',
        { field: 'name' },
        'A workspace with this name already exists here.',
      );
    }
    expect(await childNames()).toStrictEqual(before);
    // The limit applies to the stored form: one U+FDFA is 18 characters in NFKC.
    await expectError(
      await call('A1.business_admin', 'PATCH', `/workspaces/${ws('A1').id}`, {
        name: '\ufdfa'.repeat(12),
      }),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'body.name', message: 'Must be 1-200 characters' }] },
    );
    expect(await childNames()).toStrictEqual(before);
  });

  it('refuses a status change by the workspace itself, on the super workspace, and out of scope', async () => {
    const parentOnly =
      "A workspace's status can only be changed by the admins of its parent workspace.";
    await expectError(
      await call('A1.business_admin', 'PATCH', `/workspaces/${ws('A1').id}`, {
        status: 'suspended',
      }),
      'PERMISSION_DENIED',
      { required_permission: 'settings.manage' },
      parentOnly,
    );
    await expectError(
      await call('S.super_admin', 'PATCH', `/workspaces/${ws('S').id}`, { status: 'suspended' }),
      'PERMISSION_DENIED',
      { required_permission: 'settings.manage' },
      parentOnly,
    );
    await expectError(
      await call('A.agency_admin', 'PATCH', `/workspaces/${ws('B1').id}`, { name: 'Taken over' }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B1').id },
    );
    await expectError(
      await call('A1.business_manager', 'PATCH', `/workspaces/${ws('A1').id}`, {
        name: 'Managers cannot',
      }),
      'PERMISSION_DENIED',
      { required_permission: 'settings.manage' },
    );
    await expectError(
      await call('A.agency_admin', 'PATCH', `/workspaces/${ws('A1').id}`, {}),
      'VALIDATION_BLOCKING',
      {
        issues: [{ path: 'body', message: 'Provide name or status' }],
      },
    );
    await expectError(
      await call('A.agency_admin', 'PATCH', `/workspaces/${ws('A2').id}`, { name: ws('A1').name }),
      'CONFLICT',
      { field: 'name' },
      'A workspace with this name already exists here.',
    );
    const { rows } = await setup.database.admin.query<{ status: string }>(
      'select status from public.workspaces where id = any($1::uuid[]) order by status',
      [[ws('S').id, ws('A1').id]],
    );
    expect(rows).toStrictEqual([{ status: 'active' }, { status: 'active' }]);
  });
});

describe('the OpenAPI document', () => {
  it('declares every workspace, membership, user and audit-log operation with its refusals', async () => {
    const response = await setup.api.request('/api/openapi.json');
    const doc = (await response.json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const operations = [
      ['get', '/api/workspaces'],
      ['post', '/api/workspaces'],
      ['get', '/api/workspaces/{id}'],
      ['patch', '/api/workspaces/{id}'],
      ['post', '/api/workspaces/{id}/children'],
      ['get', '/api/memberships'],
      ['post', '/api/memberships'],
      ['patch', '/api/memberships/{id}'],
      ['get', '/api/users'],
      ['patch', '/api/users/{id}'],
      ['patch', '/api/users/{id}/email'],
      ['post', '/api/users/{id}/password-reset-link'],
      ['get', '/api/audit-logs'],
    ] as const;
    for (const [method, path] of operations) {
      const responses = doc.paths[path]?.[method]?.responses;
      expect(responses, `${method} ${path}`).toBeDefined();
      expect(responses?.['401']?.description, `${method} ${path}`).toContain('`AUTH_REQUIRED`');
      expect(responses?.['403']?.description, `${method} ${path}`).toContain(
        '`WORKSPACE_FORBIDDEN`',
      );
      expect(responses?.['422']?.description, `${method} ${path}`).toContain(
        '`VALIDATION_BLOCKING`',
      );
    }
    for (const path of ['/api/workspaces', '/api/memberships']) {
      expect(doc.paths[path]?.post?.responses['409']?.description).toContain('`CONFLICT`');
    }
  });
});
