import { describe, expect, it } from 'vitest';
import { ROLE_TEMPLATES, seesChildWorkspaces } from '@aiconnected/permissions';

describe('seesChildWorkspaces', () => {
  it('is true for super roles and agency admins/managers only', () => {
    expect(ROLE_TEMPLATES.filter((role) => seesChildWorkspaces(role))).toStrictEqual([
      'super_admin',
      'super_manager',
      'super_user',
      'agency_admin',
      'agency_manager',
    ]);
  });

  it('is false for a string that only looks like a super role', () => {
    expect(seesChildWorkspaces('super_intendent')).toBe(false);
    expect(seesChildWorkspaces('')).toBe(false);
  });
});
