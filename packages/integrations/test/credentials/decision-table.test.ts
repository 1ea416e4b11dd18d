import { beforeAll, describe, expect, it } from 'vitest';
import { resolveCredentialForApi } from '../../src/credentials/resolve-credential-for-api';
import { allTableCases, describeCase, expectedDecision, type TableCase } from './decision-oracle';
import {
  actorOf,
  decisionsOf,
  failure,
  seedConnection,
  seedPolicy,
  setupCredentialsDatabase,
  type CredentialsWorld,
  type SeededConnection,
} from './support';

// Design 13 §4's decision table on real Postgres: for Northwind Dental (A1, business of agency
// A under super S) every combination of what A1, A and S hold and of A1's and A's fallback
// switches (72 cases, each with its own provider key so they never meet), resolved through
// POST /credentials/resolve's function by A's agency admin; the answer and the recorded
// decision row must match the oracle (decision-oracle.ts, written apart from the code).
// Invalid credentials cycle through expired, failed and active-with-a-lapsed-credential rows;
// "none" through no row, an initiated row and a revoked row; "off" switches through no policy
// row and a row with the switches off.

const world = setupCredentialsDatabase();
const INVALID_KINDS = ['expired', 'failed', 'lapsed'] as const;
const NONE_KINDS = [null, 'initiated', 'revoked'] as const;

interface SeededCase {
  index: number;
  c: TableCase;
  providerKey: string;
  /** The connection a valid level resolves to, per level. */
  valid: Partial<Record<'business' | 'agency' | 'super', string>>;
}

async function seedLevel(
  { test }: CredentialsWorld,
  workspaceId: string,
  providerKey: string,
  state: 'valid' | 'invalid' | 'none',
  index: number,
): Promise<string | undefined> {
  // Noise a resolution must ignore: a revoked older account next to every valid one.
  if (state === 'valid') {
    await seedConnection(test.admin, { workspaceId, providerKey, kind: 'revoked' });
    return seedConnection(test.admin, {
      workspaceId,
      providerKey,
      kind: 'valid',
      expiring: index % 2 === 0,
    });
  }
  const kind: SeededConnection | null =
    (state === 'invalid' ? INVALID_KINDS[index % 3] : NONE_KINDS[index % 3]) ?? null;
  if (kind !== null) await seedConnection(test.admin, { workspaceId, providerKey, kind });
  return undefined;
}

async function seedCase(w: CredentialsWorld, c: TableCase, index: number): Promise<SeededCase> {
  const { tree, test } = w;
  const providerKey = `table-case-${index}`;
  const ids = {
    business: tree.workspaces.A1.id,
    agency: tree.workspaces.A.id,
    super: tree.workspaces.S.id,
  };
  const valid: SeededCase['valid'] = {};
  const states = { business: c.own, agency: c.agency, super: c.super } as const;
  for (const level of ['business', 'agency', 'super'] as const) {
    const id = await seedLevel(w, ids[level], providerKey, states[level], index);
    if (id !== undefined) valid[level] = id;
  }
  if (c.businessAllow || index % 2 === 0) {
    await seedPolicy(test.admin, {
      workspaceId: ids.business,
      providerKey,
      order: ['business', 'agency', 'super'],
      allow: c.businessAllow,
      whenInvalid: c.businessWhenInvalid,
    });
  }
  if (c.agencyAllow || index % 2 === 1) {
    await seedPolicy(test.admin, {
      workspaceId: ids.agency,
      providerKey,
      order: ['agency', 'super'],
      allow: c.agencyAllow,
    });
  }
  return { index, c, providerKey, valid };
}

describe('credential resolution: the decision table on real Postgres (72 cases)', () => {
  const seeded: SeededCase[] = [];

  beforeAll(async () => {
    const cases = allTableCases();
    expect(cases).toHaveLength(72);
    for (const [index, c] of cases.entries()) seeded.push(await seedCase(world(), c, index));
  });

  it.each(allTableCases().map((c, index) => [index, describeCase(c)] as const))(
    'case %i: %s',
    async (index) => {
      const { tree, test } = world();
      const seededCase = seeded[index];
      if (seededCase === undefined) throw new Error(`case ${index} was not seeded`);
      const { c, providerKey, valid } = seededCase;
      const expected = expectedDecision(c);
      const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
      const request = { workspace_id: tree.workspaces.A1.id, provider_key: providerKey };
      const correlationId = `table-${index}`;
      const call = resolveCredentialForApi(test.db, actor, request, { correlationId });

      const ids = {
        business: tree.workspaces.A1.id,
        agency: tree.workspaces.A.id,
        super: tree.workspaces.S.id,
      };
      const source = expected.scope === 'none' ? null : ids[expected.scope];
      const connection = expected.scope === 'none' ? null : (valid[expected.scope] ?? 'missing');
      let decisionId: unknown;
      if (expected.outcome === 'resolved') {
        const result = await call;
        expect(result).toMatchObject({
          workspace_id: ids.business,
          provider_key: providerKey,
          resolved_scope: expected.scope,
          source_workspace_id: source,
          connection_id: connection,
          used_parent_fallback: expected.reason === 'parent_fallback',
          reason: expected.reason,
        });
        decisionId = result.decision_id;
      } else {
        const refused = await failure(call);
        expect(refused).toMatchObject({
          code: 'CREDENTIAL_RESOLUTION_FAILED',
          details: { reason: expected.reason },
        });
        decisionId = refused === 'ok' ? null : refused.details.decision_id;
      }

      const rows = await decisionsOf(test.admin, providerKey);
      expect(rows).toHaveLength(1);
      const levels = ['business', 'agency', 'super'] as const;
      const states = { business: c.own, agency: c.agency, super: c.super };
      const switches = {
        business: [c.businessAllow, c.businessWhenInvalid],
        agency: [c.agencyAllow, false],
        super: [false, false],
      } as const;
      expect(rows[0]).toEqual({
        id: decisionId,
        workspace_id: ids.business,
        agency_workspace_id: ids.agency,
        provider_key: providerKey,
        outcome: expected.outcome,
        resolved_scope: expected.scope,
        source_workspace_id: source,
        connection_id: connection,
        reason: expected.reason,
        steps: levels.slice(0, expected.visited).map((level) => ({
          level,
          workspace_id: ids[level],
          credential: states[level],
          allow_parent_fallback: switches[level][0],
          fallback_when_invalid: switches[level][1],
        })),
        caller: 'api',
        actor_user_id: tree.users.agencyAdminA.id,
        module_key: null,
        correlation_id: correlationId,
      });
    },
  );
});
