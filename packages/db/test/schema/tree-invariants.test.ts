import { randomBytes } from 'node:crypto';
import type { Tx } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The tenancy invariants the database itself enforces (PRD §6, §12.3; docs/tenancy-and-rls.md),
 * exercised as service_role, which bypasses RLS but not constraints and triggers.
 */
let test: TestDatabase;
let superId: string;
let agencyId: string;
let businessId: string;

const suffix = () => randomBytes(4).toString('hex');
const service = <T>(fn: (tx: Tx) => Promise<T>) =>
  test.db.withService('schema invariants test', fn);

async function createWorkspace(type: 'super' | 'agency' | 'business', parentId: string | null) {
  return service(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      'insert into public.workspaces (type, parent_workspace_id, name) values ($1, $2, $3) returning id',
      [type, parentId, `${type} ${suffix()}`],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('insert returned no workspace id');
    return id;
  });
}

async function createMembership(workspaceId: string, roleTemplate: string) {
  await service(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      'insert into public.users (email, status) values ($1, $2) returning id',
      [`member-${suffix()}@example.com`, 'active'],
    );
    await tx.query(
      'insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, $3)',
      [workspaceId, rows[0]?.id, roleTemplate],
    );
  });
}

async function addDomain(workspaceId: string, host: string) {
  await service((tx) =>
    tx.query(
      'insert into public.workspace_domains (workspace_id, host, verification_token) values ($1, $2, $3)',
      [workspaceId, host, randomBytes(16).toString('hex')],
    ),
  );
}

async function createAiJob(workspaceId: string): Promise<string> {
  return service(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      "insert into public.ai_jobs (workspace_id, job_type) values ($1, 'layout_draft') returning id",
      [workspaceId],
    );
    return rows[0]?.id ?? '';
  });
}

const moveAiJob = (id: string, state: string) =>
  service((tx) => tx.query('update public.ai_jobs set state = $2 where id = $1', [id, state]));

beforeAll(async () => {
  test = await createTestDatabase();
  superId = await createWorkspace('super', null);
  agencyId = await createWorkspace('agency', superId);
  businessId = await createWorkspace('business', agencyId);
});
afterAll(async () => {
  await test.drop();
});

describe('the tenant tree (super -> agency -> business)', () => {
  it('accepts agencies under the super workspace and businesses under agencies', async () => {
    const { rows } = await test.admin.query(
      'select type, parent_workspace_id as parent from public.workspaces where id = any ($1) order by type',
      [[superId, agencyId, businessId]],
    );
    expect(rows).toStrictEqual([
      { type: 'agency', parent: superId },
      { type: 'business', parent: agencyId },
      { type: 'super', parent: null },
    ]);
  });

  it('rejects a business under a business', async () => {
    await expect(createWorkspace('business', businessId)).rejects.toMatchObject({
      code: '23514',
      message: expect.stringContaining(
        "a business's parent must be an agency, not a business workspace",
      ),
    });
  });

  it('rejects an agency under an agency', async () => {
    await expect(createWorkspace('agency', agencyId)).rejects.toMatchObject({
      code: '23514',
      message: expect.stringContaining(
        "an agency's parent must be the super workspace, not a agency workspace",
      ),
    });
  });

  it('rejects a second super workspace', async () => {
    await expect(createWorkspace('super', null)).rejects.toMatchObject({
      code: '23505',
      constraint: 'workspaces_single_super_key',
    });
    const { rows } = await test.admin.query(
      "select count(*)::int as n from public.workspaces where type = 'super'",
    );
    expect(rows).toStrictEqual([{ n: 1 }]);
  });

  it('rejects moving a business under a business', async () => {
    const other = await createWorkspace('business', agencyId);
    await expect(
      service((tx) =>
        tx.query('update public.workspaces set parent_workspace_id = $2 where id = $1', [
          other,
          businessId,
        ]),
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });
});

describe('memberships hold role templates of their workspace level', () => {
  it('accepts a role of the workspace type', async () => {
    await expect(createMembership(businessId, 'business_admin')).resolves.toBeUndefined();
    await expect(createMembership(agencyId, 'agency_manager')).resolves.toBeUndefined();
  });

  it.each([
    ['business', 'agency_admin', 'agency'],
    ['agency', 'super_admin', 'super'],
    ['super', 'business_user', 'business'],
  ] as const)('rejects a %s membership with role %s', async (level, role, roleScope) => {
    const workspaceId = { super: superId, agency: agencyId, business: businessId }[level];
    await expect(createMembership(workspaceId, role)).rejects.toMatchObject({
      code: '23514',
      message: expect.stringContaining(
        `role template ${role} belongs to ${roleScope} workspaces, not to a ${level} workspace`,
      ),
    });
  });
});

describe('workspace_domains.host', () => {
  it('is unique across workspaces, case-insensitively', async () => {
    const host = `shop-${suffix()}.example.com`;
    await addDomain(agencyId, host);
    await expect(addDomain(businessId, host)).rejects.toMatchObject({
      code: '23505',
      constraint: 'workspace_domains_host_key',
    });
    await expect(addDomain(agencyId, host)).rejects.toMatchObject({ code: '23505' });
    // Hosts are stored lower-case, so a case variant cannot become a second row either.
    await expect(addDomain(businessId, host.toUpperCase())).rejects.toMatchObject({
      code: '23514',
    });
    await expect(addDomain(businessId, `Shop${host.slice(4)}`)).rejects.toMatchObject({
      code: '23514',
    });

    const { rows } = await test.admin.query(
      'select workspace_id as workspace from public.workspace_domains where lower(host) = $1',
      [host],
    );
    expect(rows).toStrictEqual([{ workspace: agencyId }]);
  });
});

describe('ai_jobs state machine', () => {
  it('records the legal moves queued -> running -> succeeded', async () => {
    const id = await createAiJob(businessId);
    await moveAiJob(id, 'running');
    await moveAiJob(id, 'succeeded');
    const { rows } = await test.admin.query(
      `select from_state as "from", to_state as "to" from public.ai_job_state_transitions
        where ai_job_id = $1 order by transitioned_at`,
      [id],
    );
    expect(rows).toStrictEqual([
      { from: null, to: 'queued' },
      { from: 'queued', to: 'running' },
      { from: 'running', to: 'succeeded' },
    ]);
  });

  it.each([
    [['queued'], 'succeeded'],
    [['queued'], 'failed'],
    [['running', 'succeeded'], 'running'],
    [['canceled'], 'queued'],
    [['running', 'failed'], 'succeeded'],
  ])('rejects a move through %j to %s', async (path, illegal) => {
    const id = await createAiJob(businessId);
    for (const state of path) if (state !== 'queued') await moveAiJob(id, state);
    await expect(moveAiJob(id, illegal)).rejects.toMatchObject({
      code: '23514',
      message: expect.stringContaining('AI_JOB_INVALID_STATE'),
    });
  });

  it('rejects a job created in any state but queued', async () => {
    await expect(
      service((tx) =>
        tx.query(
          "insert into public.ai_jobs (workspace_id, job_type, state) values ($1, 'layout_draft', 'running')",
          [businessId],
        ),
      ),
    ).rejects.toMatchObject({
      code: '23514',
      message: expect.stringContaining('AI_JOB_INVALID_STATE'),
    });
  });
});
