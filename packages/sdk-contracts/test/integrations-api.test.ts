import { describe, expect, it } from 'vitest';
import {
  CREDENTIAL_RESOLUTION_ORDERS,
  connectRequestSchema,
  credentialPolicySchema,
  defaultResolutionOrder,
  describeCredentialPolicy,
  providerListSchema,
  putCredentialPolicyRequestSchema,
  resolutionDecisionListQuerySchema,
  resolutionDecisionSchema,
  resolveCredentialResponseSchema,
  type CredentialLevel,
} from '@aiconnected/sdk-contracts';
import { expectContract } from './expect-contract';
import { OTHER_ID, USER_ID, WORKSPACE_ID } from './fixtures';

describe('integrations API (issue 13)', () => {
  it('connect request: strict, distinct printable scopes, a same-origin return path', () => {
    expectContract(
      connectRequestSchema,
      {
        workspace_id: WORKSPACE_ID,
        provider_key: 'github',
        provider_account_ref: 'main',
        scopes: ['repo', 'read:user'],
        return_path: '/settings/integrations?tab=connections',
      },
      {
        'unknown key': { secret: 'x' },
        'no scopes': { scopes: [] },
        'duplicate scope': { scopes: ['repo', 'repo'] },
        'scope with a space': { scopes: ['repo admin'] },
        'too many scopes': { scopes: Array.from({ length: 51 }, (_, i) => `s${i}`) },
        'protocol-relative return': { return_path: '//evil.example/x' },
        'backslash return': { return_path: '/\\evil.example' },
        'absolute URL return': { return_path: 'https://evil.example/' },
        'return with a newline': { return_path: '/a\nb' },
        'return too long': { return_path: `/${'a'.repeat(512)}` },
        'account ref with NUL': { provider_account_ref: 'ma\u0000in' },
        'provider not kebab': { provider_key: 'Git_Hub' },
      },
    );
  });

  it('provider list: the auth config only on items that carry it', () => {
    const item = {
      provider_key: 'github',
      backend: 'composio',
      display_name: 'GitHub',
      available_scopes: ['repo'],
      allowed_scopes: ['repo'],
      enabled: true,
    };
    const parsed = providerListSchema.parse({
      items: [item, { ...item, provider_key: 'gmail', auth_config_ref: 'ac_123' }],
    });
    expect(parsed.items[0]).not.toHaveProperty('auth_config_ref');
    expect(parsed.items[1]).toHaveProperty('auth_config_ref', 'ac_123');
  });
});

describe('credentials API (issue 13)', () => {
  const policy = {
    id: OTHER_ID,
    workspace_id: WORKSPACE_ID,
    provider_key: 'github',
    version: 3,
    resolution_order: ['business', 'agency', 'super'],
    allow_parent_fallback: true,
    fallback_when_invalid: false,
    allowed_scopes: null,
    effective: { levels: ['business', 'agency', 'super'], sentence: 'x' },
  };

  it('a policy holds one of the six contiguous orders (migration 046 checks the same)', () => {
    expectContract(credentialPolicySchema, policy, {
      'skips a level': { resolution_order: ['business', 'super'] },
      reversed: { resolution_order: ['agency', 'business'] },
      'empty order': { resolution_order: [] },
      'repeated level': { resolution_order: ['business', 'business'] },
      'unknown level': { resolution_order: ['personal'] },
    });
    expect(CREDENTIAL_RESOLUTION_ORDERS.map((order) => order.join('>'))).toStrictEqual([
      'business',
      'business>agency',
      'business>agency>super',
      'agency',
      'agency>super',
      'super',
    ]);
    expect(defaultResolutionOrder('business')).toStrictEqual(['business', 'agency', 'super']);
    expect(defaultResolutionOrder('agency')).toStrictEqual(['agency', 'super']);
    expect(defaultResolutionOrder('super')).toStrictEqual(['super']);
  });

  it('put: strict, with the version read; invalid fallback needs parent fallback', () => {
    expectContract(
      putCredentialPolicyRequestSchema,
      {
        workspace_id: WORKSPACE_ID,
        provider_key: 'github',
        resolution_order: ['business', 'agency'],
        allow_parent_fallback: true,
        fallback_when_invalid: true,
        allowed_scopes: ['repo'],
        expected_version: 0,
      },
      {
        'invalid fallback without fallback': { allow_parent_fallback: false },
        'no expected version': { expected_version: undefined },
        'negative version': { expected_version: -1 },
        'unknown key': { version: 4 },
        'duplicate allowed scope': { allowed_scopes: ['repo', 'repo'] },
      },
    );
  });

  it('resolve answer: source_scope is the resolution scope', () => {
    const resolution = {
      decision_id: OTHER_ID,
      workspace_id: WORKSPACE_ID,
      provider_key: 'github',
      resolved_scope: 'agency',
      source_workspace_id: OTHER_ID,
      connection_id: USER_ID,
      used_parent_fallback: true,
      reason: 'parent_fallback',
    };
    expectContract(
      resolveCredentialResponseSchema,
      { resolution, source_scope: 'agency' },
      {
        'scope differs': { source_scope: 'business' },
        'none is no source': { source_scope: 'none' },
      },
    );
  });

  it('a decision row and its list query', () => {
    expectContract(
      resolutionDecisionSchema,
      {
        id: OTHER_ID,
        workspace_id: WORKSPACE_ID,
        agency_workspace_id: USER_ID,
        provider_key: 'github',
        outcome: 'failed',
        resolved_scope: 'none',
        source_workspace_id: null,
        connection_id: null,
        reason: 'fallback_not_allowed',
        steps: [
          {
            level: 'business',
            workspace_id: WORKSPACE_ID,
            credential: 'none',
            allow_parent_fallback: false,
            fallback_when_invalid: false,
          },
        ],
        caller: 'api',
        actor_user_id: USER_ID,
        module_key: null,
        correlation_id: 'req-1',
        created_at: '2026-12-07T09:26:53Z',
      },
      {
        'unknown credential state': {
          steps: [
            {
              level: 'business',
              workspace_id: WORKSPACE_ID,
              credential: 'stale',
              allow_parent_fallback: false,
              fallback_when_invalid: false,
            },
          ],
        },
        'unknown caller': { caller: 'cron' },
      },
    );
    expect(resolutionDecisionListQuerySchema.parse({ workspace_id: WORKSPACE_ID }).limit).toBe(50);
    for (const limit of ['0', '201', '1.5']) {
      expect(
        resolutionDecisionListQuerySchema.safeParse({ workspace_id: WORKSPACE_ID, limit }).success,
        limit,
      ).toBe(false);
    }
  });
});

describe('describeCredentialPolicy', () => {
  const describe3 = (
    resolution_order: CredentialLevel[],
    allow_parent_fallback: boolean,
    fallback_when_invalid: boolean,
  ) => describeCredentialPolicy({ resolution_order, allow_parent_fallback, fallback_when_invalid });

  it('fallback off: only the own level, and says that falling back is off', () => {
    expect(describe3(['business', 'agency', 'super'], false, false)).toStrictEqual({
      levels: ['business'],
      sentence:
        'Uses this business’s own credential only. Without a valid one, resolution fails: falling back to the agency’s credential is off.',
    });
  });

  it('fallback on for a missing credential only', () => {
    expect(describe3(['business', 'agency', 'super'], true, false)).toStrictEqual({
      levels: ['business', 'agency', 'super'],
      sentence:
        'Uses this business’s own credential first. If it has none, it uses the agency’s credential, then the platform’s if the agency’s own policy allows falling back. An invalid or expired own credential fails without falling back. Never another agency’s credential.',
    });
  });

  it('fallback on also for an invalid credential', () => {
    expect(describe3(['business', 'agency'], true, true)).toStrictEqual({
      levels: ['business', 'agency'],
      sentence:
        'Uses this business’s own credential first. If it has none, or it is invalid or expired, it uses the agency’s credential. Never another agency’s credential.',
    });
  });

  it('an order of one level: the switch has nothing to fall back to', () => {
    for (const allow of [true, false]) {
      expect(describe3(['agency'], allow, false)).toStrictEqual({
        levels: ['agency'],
        sentence:
          'Uses this agency’s own credential only: the resolution order ends at this level, so nothing falls back.',
      });
    }
    expect(describe3(['super'], false, false).sentence).toMatch(/^Uses the platform’s own/);
  });

  it('sentences differ exactly where the effect differs', () => {
    // With fallback off only the own level and its parent matter.
    const effectKey = (order: readonly CredentialLevel[], allow: boolean, invalid: boolean) =>
      allow ? `${order.join('>')} on ${invalid}` : `${order.slice(0, 2).join('>')} off`;
    const byKey = new Map<string, string>();
    for (const order of CREDENTIAL_RESOLUTION_ORDERS.filter((o) => o.length > 1)) {
      for (const [allow, invalid] of [
        [false, false],
        [true, false],
        [true, true],
      ] as const) {
        const effect = describe3([...order], allow, invalid);
        expect(effect.sentence).toMatch(/^Uses .+\.$/);
        // The typographic apostrophe, as everywhere in the UI (agency’s, never agency's).
        expect(effect.sentence).not.toContain("'");
        expect(effect.levels[0]).toBe(order[0]);
        const key = effectKey(order, allow, invalid);
        expect(byKey.get(key) ?? effect.sentence, key).toBe(effect.sentence);
        byKey.set(key, effect.sentence);
      }
    }
    expect(new Set(byKey.values()).size).toBe(byKey.size);
  });
});
