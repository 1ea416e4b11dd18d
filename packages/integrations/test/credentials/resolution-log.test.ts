import { beforeAll, describe, expect, it } from 'vitest';
import { listResolutionDecisions } from '../../src/credentials/list-resolution-decisions';
import { resolveCredentialSource } from '../../src/credentials/resolve-credential-source';
import {
  actorOf,
  failure,
  freshProvider,
  seedConnection,
  setupCredentialsDatabase,
} from './support';

// The resolution log (PRD §23.5, §25.3; design 13 §1.3): super reads every decision, an
// agency admin those of its tree, a business admin none; filters and paging.

const world = setupCredentialsDatabase();
const providerKey = freshProvider('log');

beforeAll(async () => {
  const { tree, test } = world();
  await seedConnection(test.admin, {
    workspaceId: tree.workspaces.A1.id,
    providerKey,
    kind: 'valid',
  });
  // A1 resolves (own), A2 and B1 fail (no credential, no fallback), S resolves nothing.
  for (const key of ['A1', 'A2', 'B1', 'A1'] as const) {
    await resolveCredentialSource(test.db, {
      workspaceId: tree.workspaces[key].id,
      providerKey,
      caller: 'server',
      moduleKey: 'notes',
      correlationId: `log-${key}`,
    });
  }
});

describe('GET /credentials/resolutions: who reads which decisions', () => {
  it('super reads every tree; an agency admin its own tree', async () => {
    const { tree, test } = world();
    const subjects = async (
      actor: Parameters<typeof listResolutionDecisions>[1],
      workspace: string,
    ) =>
      (
        await listResolutionDecisions(test.db, actor, {
          workspace_id: workspace,
          provider_key: providerKey,
          limit: 50,
        })
      ).items.map((item) => item.workspace_id);

    const superAdmin = actorOf(tree, 'superAdmin', 'S', 'super_admin');
    expect((await subjects(superAdmin, tree.workspaces.S.id)).sort()).toEqual(
      [
        tree.workspaces.A1.id,
        tree.workspaces.A1.id,
        tree.workspaces.A2.id,
        tree.workspaces.B1.id,
      ].sort(),
    );
    const agencyA = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    expect((await subjects(agencyA, tree.workspaces.A.id)).sort()).toEqual(
      [tree.workspaces.A1.id, tree.workspaces.A1.id, tree.workspaces.A2.id].sort(),
    );
    const agencyB = actorOf(tree, 'agencyAdminB', 'B', 'agency_admin');
    expect(await subjects(agencyB, tree.workspaces.B.id)).toEqual([tree.workspaces.B1.id]);
    // Super asking in an agency reads that tree only.
    expect(await subjects(superAdmin, tree.workspaces.B.id)).toEqual([tree.workspaces.B1.id]);
  });

  it.each([
    ['businessAdminA1', 'A1', 'business_admin', 'A1', 'PERMISSION_DENIED'],
    ['agencyAdminA', 'A', 'agency_admin', 'B', 'WORKSPACE_FORBIDDEN'],
    ['agencyUserA', 'A', 'agency_user', 'A', 'PERMISSION_DENIED'],
  ] as const)(
    '%s (%s, %s) reading in %s is refused: %s',
    async (user, home, role, workspace, code) => {
      const { tree, test } = world();
      const actor = actorOf(tree, user, home, role);
      const query = { workspace_id: tree.workspaces[workspace].id, limit: 50 };
      expect(await failure(listResolutionDecisions(test.db, actor, query))).toMatchObject({ code });
    },
  );

  it('RLS agrees: a business admin reading the table directly sees no row', async () => {
    const { tree, test } = world();
    const businessAdmin = actorOf(tree, 'businessAdminA1', 'A1', 'business_admin');
    const { rows } = await test.db.withWorkspace(businessAdmin, (tx) =>
      tx.query('select id from public.credential_resolution_decisions where provider_key = $1', [
        providerKey,
      ]),
    );
    expect(rows).toEqual([]);
  });

  it('answers every column of the row, no secret among them', async () => {
    const { tree, test } = world();
    const agencyA = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const page = await listResolutionDecisions(test.db, agencyA, {
      workspace_id: tree.workspaces.A.id,
      provider_key: providerKey,
      outcome: 'resolved',
      limit: 1,
    });
    expect(page.items).toHaveLength(1);
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(
      [
        'id',
        'workspace_id',
        'agency_workspace_id',
        'provider_key',
        'outcome',
        'resolved_scope',
        'source_workspace_id',
        'connection_id',
        'reason',
        'steps',
        'caller',
        'actor_user_id',
        'module_key',
        'correlation_id',
        'created_at',
      ].sort(),
    );
    expect(page.items[0]).toMatchObject({
      workspace_id: tree.workspaces.A1.id,
      agency_workspace_id: tree.workspaces.A.id,
      outcome: 'resolved',
      resolved_scope: 'business',
      reason: 'own_credential',
      caller: 'server',
      module_key: 'notes',
      actor_user_id: null,
      steps: [{ level: 'business', credential: 'valid' }],
    });
  });

  it('filters by outcome, reason, subject and time, and pages newest first', async () => {
    const { tree, test } = world();
    const agencyA = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const query = { workspace_id: tree.workspaces.A.id, provider_key: providerKey, limit: 50 };
    const list = async (extra: Record<string, string>) =>
      (await listResolutionDecisions(test.db, agencyA, { ...query, ...extra })).items;
    expect((await list({ outcome: 'failed' })).map((item) => item.workspace_id)).toEqual([
      tree.workspaces.A2.id,
    ]);
    expect(
      (await list({ reason: 'fallback_not_allowed' })).map((item) => item.correlation_id),
    ).toEqual(['log-A2']);
    expect(await list({ subject_workspace_id: tree.workspaces.A1.id })).toHaveLength(2);
    // Another tree's business as the subject: nothing (never another agency's rows).
    expect(await list({ subject_workspace_id: tree.workspaces.B1.id })).toEqual([]);
    expect(await list({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await list({ to: new Date(Date.now() - 3_600_000).toISOString() })).toEqual([]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listResolutionDecisions(test.db, agencyA, { ...query, limit: 1, cursor });
      seen.push(...page.items.map((item) => item.correlation_id ?? ''));
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual(['log-A1', 'log-A2', 'log-A1']);
  });
});
