import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestRateLimiter, TREE_PASSWORD } from '@aiconnected/identity/testing';
import { requestEmailChange } from '@aiconnected/identity';
import {
  bearer,
  contextOf,
  expectError,
  linkTokenFor,
  mailTo,
  TEST_CONFIG,
  setupTwoAgencyApiTest,
} from '@/server/api/testing';

const { setup, signIn, post, inviteNewAddress } = setupTwoAgencyApiTest();

const INVALID_LINK = 'This link is invalid or has expired.';
const NEW_PASSWORD = 'a-brand-new-passphrase';

describe('password reset', () => {
  it('mails a link whose token sets a new password, revoking the old sessions, once', async () => {
    const user = setup.tree.users.businessB1Admin;
    const oldSession = await signIn(user);

    const requested = await post('/api/auth/password/reset', { email: user.email });

    expect(requested.status).toBe(200);
    expect(await requested.json()).toStrictEqual({ reset_status: 'requested' });
    const token = await linkTokenFor(setup.api, user.email);

    const set = await post('/api/auth/password/set', { token, new_password: NEW_PASSWORD });

    expect(set.status).toBe(200);
    expect(await set.json()).toStrictEqual({ reset_status: 'completed' });
    await expectError(
      await setup.api.request('/api/auth/session', { headers: bearer(oldSession) }),
      'SESSION_INVALID',
    );
    const signedIn = await post('/api/auth/sign-in', { email: user.email, password: NEW_PASSWORD });
    expect(signedIn.status).toBe(200);
    await expectError(
      await post('/api/auth/password/set', { token, new_password: 'yet-another-passphrase' }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
  });

  it('answers the same for an unknown address and mails nothing', async () => {
    const email = `nobody-${randomBytes(4).toString('hex')}@example.test`;
    const response = await post('/api/auth/password/reset', { email });
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ reset_status: 'requested' });
    expect(await mailTo(setup.api, email)).toStrictEqual([]);
  });

  it('limits requests per address', async () => {
    const email = setup.tree.users.agencyAUser.email;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await post('/api/auth/password/reset', { email })).status).toBe(200);
    }
    await expectError(await post('/api/auth/password/reset', { email }), 'RATE_LIMITED', {
      retry_after_seconds: expect.any(Number),
    });
  });

  it('refuses a weak password (the link stays usable) and an unknown token', async () => {
    const user = setup.tree.users.agencyBAdmin;
    await post('/api/auth/password/reset', { email: user.email });
    const token = await linkTokenFor(setup.api, user.email);

    await expectError(
      await post('/api/auth/password/set', { token, new_password: 'short' }),
      'VALIDATION_BLOCKING',
      { field: 'new_password', reason: 'too_short', min_length: 12, max_length: 256 },
      'Use a password of at least 12 characters.',
    );
    expect(
      (await post('/api/auth/password/set', { token, new_password: NEW_PASSWORD })).status,
    ).toBe(200);
    await expectError(
      await post('/api/auth/password/set', { token: 'F'.repeat(43), new_password: NEW_PASSWORD }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
  });
});

describe('POST /api/auth/invitations/accept', () => {
  it('activates an invited user with the chosen password and name, once', async () => {
    const { email, token } = await inviteNewAddress('business_user');
    await expectError(
      await post('/api/auth/sign-in', { email, password: NEW_PASSWORD }),
      'AUTH_REQUIRED',
      undefined,
      'Email or password is incorrect.',
    );

    const accepted = await post('/api/auth/invitations/accept', {
      token,
      password: NEW_PASSWORD,
      display_name: 'Ivy Invitee',
    });

    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      status: 'accepted',
      default_workspace_id: setup.tree.workspaces.businessA1.id,
    });
    const signedIn = await post('/api/auth/sign-in', { email, password: NEW_PASSWORD });
    expect(signedIn.status).toBe(200);
    const { session } = (await signedIn.json()) as { session: { access_token: string } };
    expect(
      await (
        await setup.api.request('/api/auth/session', { headers: bearer(session.access_token) })
      ).json(),
    ).toMatchObject({
      user: { email, display_name: 'Ivy Invitee' },
      destination: '/business',
    });
    await expectError(
      await post('/api/auth/invitations/accept', { token, password: NEW_PASSWORD }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
  });

  it('refuses an unknown token and a malformed body', async () => {
    await expectError(
      await post('/api/auth/invitations/accept', { token: 'G'.repeat(43), password: NEW_PASSWORD }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
    await expectError(
      await post('/api/auth/invitations/accept', { password: NEW_PASSWORD }),
      'VALIDATION_BLOCKING',
      {
        issues: [{ path: 'body.token', message: expect.any(String) }],
      },
    );
  });
});

describe('POST /api/auth/email/verify', () => {
  it('moves the account to the verified address, once', async () => {
    const token = await signIn(setup.tree.users.businessA1Admin);
    const actor = await contextOf(setup.api, token);
    // An admin of A1 changes their own address (always allowed for oneself).
    const newEmail = `moved-${randomBytes(4).toString('hex')}@example.test`;
    await requestEmailChange(
      setup.database.db,
      setup.deps.mailer,
      createTestRateLimiter(setup.database.db.pool),
      {
        actor,
        userId: setup.tree.users.businessA1Admin.id,
        newEmail,
        baseUrl: TEST_CONFIG.baseUrl,
        correlationId: 'email-change-test',
      },
    );
    const link = await linkTokenFor(setup.api, newEmail);

    const verified = await post('/api/auth/email/verify', { token: link });

    expect(verified.status).toBe(200);
    expect(await verified.json()).toStrictEqual({ verification_status: 'verified' });
    expect(
      (await post('/api/auth/sign-in', { email: newEmail, password: TREE_PASSWORD })).status,
    ).toBe(200);
    await expectError(
      await post('/api/auth/email/verify', { token: link }),
      'SESSION_INVALID',
      undefined,
      INVALID_LINK,
    );
  });
});
