import { describe, expect, it } from 'vitest';
import { offeredUserActions } from '@/lib/offered-user-actions';

describe('offeredUserActions: a row menu offers only what the API allows', () => {
  it('offers nothing for a user the API allows nothing on (a higher-ranked account)', () => {
    expect(
      offeredUserActions({ allowed_actions: [], role_template: 'business_admin' }, [
        'business_user',
      ]),
    ).toStrictEqual(new Set());
  });

  it('offers exactly the allowed account actions, and a role change only with a role to change to', () => {
    const user = {
      allowed_actions: ['edit_profile', 'send_reset_link', 'suspend', 'manage_membership'] as const,
      role_template: 'business_user',
    };
    expect(
      offeredUserActions({ ...user, allowed_actions: [...user.allowed_actions] }, [
        'business_manager',
        'business_user',
      ]),
    ).toStrictEqual(new Set(['send_reset_link', 'suspend', 'change_role']));
    expect(
      offeredUserActions({ ...user, allowed_actions: [...user.allowed_actions] }, []),
    ).toStrictEqual(new Set(['send_reset_link', 'suspend']));
  });

  it('never adds what the API left out, whatever the roles', () => {
    expect(
      offeredUserActions(
        { allowed_actions: ['change_email', 'reactivate'], role_template: 'agency_user' },
        ['agency_user'],
      ),
    ).toStrictEqual(new Set(['change_email', 'reactivate']));
  });
});
