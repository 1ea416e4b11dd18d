import { describe, expect, it } from 'vitest';
import {
  ROLE_CAPABILITIES,
  ROLE_SCOPE,
  checkImpersonation,
  type Capability,
  type ImpersonationTarget,
  type RoleTemplate,
} from '@aiconnected/permissions';

// The tenant tree: the super workspace S; agency A with business A1; agency B with business B1.
const S: ImpersonationTarget = { id: 'S', type: 'super', parentWorkspaceId: null };
const A: ImpersonationTarget = { id: 'A', type: 'agency', parentWorkspaceId: 'S' };
const A1: ImpersonationTarget = { id: 'A1', type: 'business', parentWorkspaceId: 'A' };
const B: ImpersonationTarget = { id: 'B', type: 'agency', parentWorkspaceId: 'S' };
const B1: ImpersonationTarget = { id: 'B1', type: 'business', parentWorkspaceId: 'B' };
const HOME = { super: S, agency: A, business: A1 } as const;

/** A holder of `role` acting in its home workspace (S, A or A1) with the role's capabilities. */
function actor(role: RoleTemplate, capabilities: readonly Capability[] = ROLE_CAPABILITIES[role]) {
  const home = HOME[ROLE_SCOPE[role]];
  return { workspaceId: home.id, workspaceType: home.type, capabilities, impersonating: false };
}

describe('checkImpersonation: the role matrix', () => {
  // `none`: an id no workspace has. Without a start capability every target is
  // PERMISSION_DENIED; with one, a target outside the actor's scope is refused alike whether
  // it exists or not.
  const targets = { S, A, A1, B, B1, none: null };
  const PD = 'PERMISSION_DENIED';
  const denied = { S: PD, A: PD, A1: PD, B: PD, B1: PD, none: PD };
  const agencyStarter = {
    S: 'IMPERSONATION_SCOPE_FORBIDDEN',
    A: 'IMPERSONATION_FORBIDDEN',
    A1: null,
    B: 'IMPERSONATION_SCOPE_FORBIDDEN',
    B1: 'IMPERSONATION_SCOPE_FORBIDDEN',
    none: 'IMPERSONATION_SCOPE_FORBIDDEN',
  };
  const superStarter = {
    S: 'IMPERSONATION_FORBIDDEN',
    A: null,
    A1: null,
    B: null,
    B1: null,
    none: 'IMPERSONATION_SCOPE_FORBIDDEN',
  };
  const expected: Record<RoleTemplate, Record<keyof typeof targets, string | null>> = {
    super_admin: superStarter,
    super_manager: superStarter,
    super_user: denied,
    agency_admin: agencyStarter,
    agency_manager: agencyStarter,
    agency_user: denied,
    business_admin: denied,
    business_manager: denied,
    business_user: denied,
  };

  it('answers every role template and target as the rules say', () => {
    const actual = Object.fromEntries(
      Object.keys(expected).map((role) => [
        role,
        Object.fromEntries(
          Object.entries(targets).map(([key, target]) => [
            key,
            checkImpersonation({ actor: actor(role as RoleTemplate), target }),
          ]),
        ),
      ]),
    );
    expect(actual).toStrictEqual(expected);
  });
});

describe('checkImpersonation: rules beyond the role templates', () => {
  it('never nests: an impersonating session is refused whatever it holds', () => {
    const impersonating = { ...actor('super_admin'), impersonating: true };
    expect(checkImpersonation({ actor: impersonating, target: B1 })).toBe(
      'IMPERSONATION_FORBIDDEN',
    );
  });

  it('needs the capability, not the role: a denied start capability is PERMISSION_DENIED', () => {
    const withoutStart = ROLE_CAPABILITIES.agency_admin.filter(
      (capability) => capability !== 'impersonation.agency_business.start',
    );
    expect(checkImpersonation({ actor: actor('agency_admin', withoutStart), target: A1 })).toBe(
      'PERMISSION_DENIED',
    );
  });

  it('grants an allowed override: an agency user with the agency capability reaches its own business', () => {
    expect(
      checkImpersonation({
        actor: actor('agency_user', ['impersonation.agency_business.start']),
        target: A1,
      }),
    ).toBeNull();
  });

  it('applies the super rule only when acting in the super workspace', () => {
    // A super admin switched into agency A holds impersonation.super.start there, but the
    // super rule needs the super workspace, and the agency rule needs the agency capability.
    const superInAgency = {
      workspaceId: A.id,
      workspaceType: 'agency' as const,
      capabilities: ROLE_CAPABILITIES.super_admin,
      impersonating: false,
    };
    expect(checkImpersonation({ actor: superInAgency, target: A1 })).toBe('PERMISSION_DENIED');
  });

  it('applies the agency rule only when acting in an agency', () => {
    const agencyCapabilityInSuper = {
      workspaceId: S.id,
      workspaceType: 'super' as const,
      capabilities: ['impersonation.agency_business.start'] as const,
      impersonating: false,
    };
    expect(checkImpersonation({ actor: agencyCapabilityInSuper, target: A1 })).toBe(
      'PERMISSION_DENIED',
    );
  });
});
