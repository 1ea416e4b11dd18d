import { describe, expect, it } from 'vitest';
import { ROLE_CAPABILITIES, impersonationCapabilities } from '@aiconnected/permissions';

describe('impersonationCapabilities', () => {
  it('removes every impersonation start capability and keeps the rest', () => {
    const narrowed = impersonationCapabilities(ROLE_CAPABILITIES.super_admin);
    expect(narrowed).not.toContain('impersonation.super.start');
    expect(narrowed).not.toContain('impersonation.agency_business.start');
    expect(narrowed).toStrictEqual(
      [...ROLE_CAPABILITIES.super_admin]
        .filter((capability) => capability !== 'impersonation.super.start')
        .sort(),
    );
  });

  it('adds impersonation.stop and nothing else, so it never widens', () => {
    expect(impersonationCapabilities([])).toStrictEqual(['impersonation.stop']);
    expect(
      impersonationCapabilities(['users.invite', 'impersonation.agency_business.start']),
    ).toStrictEqual(['impersonation.stop', 'users.invite']);
  });
});
