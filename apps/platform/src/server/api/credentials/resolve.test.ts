import { describe, expect, it } from 'vitest';
import {
  resolveCredentialResponseSchema,
  type ResolveCredentialResponse,
} from '@aiconnected/sdk-contracts';
import { createCredentialResolveLimiter } from '@/server/api/guard/rate-limits';
import {
  as,
  correlationIdOf,
  createTestApi,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
} from '@/server/api/testing';
import { decisionRows, seedActiveConnection, seedFallbackPolicy } from './credentials-test-kit';

// POST /api/credentials/resolve over HTTP on real Postgres (PRD §20.3, §28; design 13 §5): the
// answer names the source and never a secret, failures are CREDENTIAL_RESOLUTION_FAILED with
// the recorded decision, refusals record nothing, and the per-person rate limit.

const { setup, ws, call, member } = setupRoleTreeApiTest();

describe('POST /api/credentials/resolve', () => {
  it("resolves A1's credential from its agency when A1 may fall back, recording the decision", async () => {
    const connection = await seedActiveConnection(setup.database, ws('A').id, 'github');
    await seedFallbackPolicy(setup.database, ws('A1').id, 'github', [
      'business',
      'agency',
      'super',
    ]);
    const response = await call('A.agency_admin', 'POST', '/credentials/resolve', {
      workspace_id: ws('A1').id,
      provider_key: 'github',
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const answer = resolveCredentialResponseSchema.parse(JSON.parse(text));
    expect(answer).toStrictEqual({
      resolution: {
        decision_id: expect.any(String),
        workspace_id: ws('A1').id,
        provider_key: 'github',
        resolved_scope: 'agency',
        source_workspace_id: ws('A').id,
        connection_id: connection,
        used_parent_fallback: true,
        reason: 'parent_fallback',
      },
      source_scope: 'agency',
    } satisfies ResolveCredentialResponse);
    expect(await decisionRows(setup.database, 'github')).toMatchObject([
      {
        id: answer.resolution.decision_id,
        caller: 'api',
        actor_user_id: member('A.agency_admin').id,
        correlation_id: correlationIdOf(response),
      },
    ]);
  });

  it('nothing to resolve: 422 CREDENTIAL_RESOLUTION_FAILED naming the reason and the decision', async () => {
    const response = await call('A1.business_admin', 'POST', '/credentials/resolve', {
      workspace_id: ws('A1').id,
      provider_key: 'gmail',
    });
    const [row] = await decisionRows(setup.database, 'gmail');
    await expectError(response, 'CREDENTIAL_RESOLUTION_FAILED', {
      reason: 'fallback_not_allowed',
      decision_id: row?.id,
    });
  });

  it('refuses the other tenant, the roles below and a malformed body, recording nothing', async () => {
    const before = await snapshotTables(setup.database);
    const body = (key: 'A1' | 'B1') => ({ workspace_id: ws(key).id, provider_key: 'github' });
    await expectError(
      await call('B.agency_admin', 'POST', '/credentials/resolve', body('A1')),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A1').id },
    );
    await expectError(
      await call('A1.business_admin', 'POST', '/credentials/resolve', body('B1')),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B1').id },
    );
    for (const who of ['A1.business_manager', 'A.agency_manager', 'S.super_manager'] as const) {
      const response = await call(who, 'POST', '/credentials/resolve', body('A1'));
      expect(response.status, who).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'PERMISSION_DENIED',
      );
    }
    const malformed = await call('A.agency_admin', 'POST', '/credentials/resolve', {
      ...body('A1'),
      secret: true,
    });
    expect(malformed.status).toBe(422);
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('is RATE_LIMITED past the per-person budget, nothing recorded', async () => {
    const limited = createTestApi(setup.database.db, {
      credentialResolveLimiter: createCredentialResolveLimiter(setup.database.db.pool, 1),
    });
    const token = setup.tokens['S.super_admin'];
    const post = () =>
      limited.api.request(
        '/api/credentials/resolve',
        as(token, 'POST', { workspace_id: ws('S').id, provider_key: 'slack' }),
      );
    expect((await post()).status).toBe(422);
    const before = await snapshotTables(setup.database);
    const refused = await post();
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectError(refused, 'RATE_LIMITED', { retry_after_seconds: expect.any(Number) });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    await limited.deps.sessionCache.close();
  });
});
