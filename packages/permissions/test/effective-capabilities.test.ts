import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  ROLE_CAPABILITIES,
  effectiveCapabilities,
  type GoverningMembership,
} from '@aiconnected/permissions';

const membership = (overrides: Partial<GoverningMembership>): GoverningMembership => ({
  workspaceId: 'ws-business',
  workspaceType: 'business',
  roleTemplate: 'business_user',
  relation: 'member',
  overrides: [],
  ...overrides,
});

const sorted = (values: readonly string[]) => [...values].sort();

describe('effectiveCapabilities', () => {
  it('is null when nothing governs the workspace', () => {
    expect(effectiveCapabilities([])).toBeNull();
  });

  it('is the role template capabilities of a single membership, sorted', () => {
    expect(effectiveCapabilities([membership({ roleTemplate: 'business_manager' })])).toStrictEqual(
      {
        roleTemplate: 'business_manager',
        capabilities: sorted(ROLE_CAPABILITIES.business_manager),
      },
    );
  });

  it('adds allow overrides and removes deny overrides', () => {
    const result = effectiveCapabilities([
      membership({
        roleTemplate: 'business_manager',
        overrides: [
          { capability: 'billing.manage', allow: true },
          { capability: 'branding.edit', allow: false },
        ],
      }),
    ]);
    expect(result?.capabilities).toContain('billing.manage');
    expect(result?.capabilities).not.toContain('branding.edit');
    expect(result?.capabilities).toHaveLength(ROLE_CAPABILITIES.business_manager.length);
  });

  it('lets a deny win over an allow of the same capability on one membership', () => {
    const result = effectiveCapabilities([
      membership({
        overrides: [
          { capability: 'layouts.edit', allow: true },
          { capability: 'layouts.edit', allow: false },
        ],
      }),
    ]);
    expect(result?.capabilities).toStrictEqual([]);
  });

  it('unions the governing memberships; a deny on one does not remove what another grants', () => {
    const result = effectiveCapabilities([
      membership({ roleTemplate: 'business_user' }),
      membership({
        workspaceId: 'ws-agency',
        workspaceType: 'agency',
        roleTemplate: 'agency_manager',
        relation: 'parent_agency',
      }),
      membership({
        workspaceId: 'ws-super',
        workspaceType: 'super',
        roleTemplate: 'super_manager',
        relation: 'super',
        overrides: [{ capability: 'users.manage', allow: false }],
      }),
    ]);
    expect(result).toStrictEqual({
      roleTemplate: 'business_user',
      capabilities: sorted([
        ...new Set([...ROLE_CAPABILITIES.agency_manager, ...ROLE_CAPABILITIES.super_manager]),
      ]),
    });
  });

  it('reports the closest governing role: member, then parent agency, then super', () => {
    const superMember = membership({
      workspaceId: 'ws-super',
      workspaceType: 'super',
      roleTemplate: 'super_admin',
      relation: 'super',
    });
    const agencyAdmin = membership({
      workspaceId: 'ws-agency',
      workspaceType: 'agency',
      roleTemplate: 'agency_admin',
      relation: 'parent_agency',
    });
    expect(effectiveCapabilities([superMember, agencyAdmin])?.roleTemplate).toBe('agency_admin');
    expect(effectiveCapabilities([superMember])?.roleTemplate).toBe('super_admin');
    expect(
      effectiveCapabilities([
        superMember,
        agencyAdmin,
        membership({ roleTemplate: 'business_user' }),
      ])?.roleTemplate,
    ).toBe('business_user');
    expect(effectiveCapabilities([superMember])?.capabilities).toStrictEqual(
      sorted(
        CAPABILITIES.filter((capability) => capability !== 'impersonation.agency_business.start'),
      ),
    );
  });

  it('ignores a parent agency membership whose role does not govern child businesses', () => {
    expect(
      effectiveCapabilities([
        membership({
          workspaceId: 'ws-agency',
          workspaceType: 'agency',
          roleTemplate: 'agency_user',
          relation: 'parent_agency',
          overrides: [{ capability: 'users.manage', allow: true }],
        }),
      ]),
    ).toBeNull();
  });
});
