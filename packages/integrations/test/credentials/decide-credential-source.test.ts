import { describe, expect, it } from 'vitest';
import {
  decideCredentialSource,
  type LevelCredential,
  type LevelFacts,
} from '../../src/credentials/decide-credential-source';
import { allTableCases, describeCase, expectedDecision, type TableCase } from './decision-oracle';

// The pure decision table against the oracle (the real-Postgres version is
// decision-table.test.ts), plus the short chains the 72 cases do not reach.

const IDS = { business: 'b-ws', agency: 'a-ws', super: 's-ws' } as const;

function level(
  name: LevelFacts['level'],
  credential: LevelCredential,
  allowParentFallback = false,
  fallbackWhenInvalid = false,
): LevelFacts {
  return {
    level: name,
    workspaceId: IDS[name],
    credential,
    connectionId: credential === 'valid' ? `conn-${name}` : null,
    allowParentFallback,
    fallbackWhenInvalid,
  };
}

function chainOf(c: TableCase): LevelFacts[] {
  return [
    level('business', c.own, c.businessAllow, c.businessWhenInvalid),
    level('agency', c.agency, c.agencyAllow),
    level('super', c.super),
  ];
}

describe('decideCredentialSource: the decision table (72 cases, oracle)', () => {
  const cases = allTableCases();

  it('has 72 distinct cases', () => {
    expect(cases).toHaveLength(72);
    expect(new Set(cases.map(describeCase)).size).toBe(72);
  });

  it.each(cases.map((c) => [describeCase(c), c] as const))('%s', (_name, c) => {
    const chain = chainOf(c);
    const expected = expectedDecision(c);
    const decision = decideCredentialSource(chain);
    expect({
      outcome: decision.outcome,
      scope: decision.resolvedScope,
      reason: decision.reason,
      visited: decision.steps.length,
    }).toEqual(expected);
    const source = chain.find((facts) => facts.level === expected.scope);
    expect(decision.sourceWorkspaceId).toBe(source?.workspaceId ?? null);
    expect(decision.connectionId).toBe(source?.connectionId ?? null);
    expect(decision.steps).toEqual(
      chain.slice(0, expected.visited).map((facts) => ({
        level: facts.level,
        workspace_id: facts.workspaceId,
        credential: facts.credential,
        allow_parent_fallback: facts.allowParentFallback,
        fallback_when_invalid: facts.fallbackWhenInvalid,
      })),
    );
  });
});

describe('decideCredentialSource: chains cut by the resolution order', () => {
  it('a one-level order: none is not_found, invalid is credential_invalid, whatever the switches', () => {
    expect(decideCredentialSource([level('business', 'none', true)]).reason).toBe('not_found');
    expect(decideCredentialSource([level('business', 'invalid', true, true)]).reason).toBe(
      'credential_invalid',
    );
    expect(decideCredentialSource([level('super', 'valid')])).toMatchObject({
      outcome: 'resolved',
      resolvedScope: 'super',
      reason: 'own_credential',
    });
  });

  it('an order ending at the agency: none there is order_exhausted, an invalid one fails', () => {
    const none = decideCredentialSource([
      level('business', 'none', true),
      level('agency', 'none', true),
    ]);
    expect(none).toMatchObject({ outcome: 'failed', reason: 'order_exhausted' });
    const invalid = decideCredentialSource([
      level('business', 'none', true),
      level('agency', 'invalid', true, true),
    ]);
    expect(invalid).toMatchObject({ outcome: 'failed', reason: 'credential_invalid' });
    expect(invalid.steps).toHaveLength(2);
  });

  it('an agency request walks agency then super', () => {
    const decision = decideCredentialSource([
      level('agency', 'none', true),
      level('super', 'valid'),
    ]);
    expect(decision).toMatchObject({
      outcome: 'resolved',
      resolvedScope: 'super',
      sourceWorkspaceId: IDS.super,
      connectionId: 'conn-super',
      reason: 'parent_fallback',
    });
  });

  it('an empty chain finds nothing', () => {
    expect(decideCredentialSource([])).toEqual({
      outcome: 'failed',
      resolvedScope: 'none',
      sourceWorkspaceId: null,
      connectionId: null,
      reason: 'not_found',
      steps: [],
    });
  });
});
