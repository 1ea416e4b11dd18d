import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auditEveryVariant, expectClean } from './support/accessibility';
import {
  acceptInvitation,
  impersonateRow,
  signInAs,
  waitForHeading,
  waitForToast,
} from './support/identity-steps';
import { setupJourney } from './support/journey';
import type { Visitor } from './support/visitor';

// Invitations (resend, revoke, a used link, accepting signs in), passwords (strength, change)
// and the screens' accessibility: every screen visited is checked with axe-core at 1280 and
// 390 px, light and dark, and must have one h1 and no sideways scrolling.
const suffix = randomBytes(3).toString('hex');
const INVITEE = `ivy-${suffix}@example.com`;
const WITHDRAWN = `wes-${suffix}@example.com`;
const INVITEE_PASSWORD = `Lantern-orchard-${suffix}`;
const CHANGED_PASSWORD = `Quartz-meadow-${suffix}-kiln`;
const AGENCY = 'Northwind Agency';

/** Every variant of a screen must give the clean report. */
/** The users page's list of invitations not yet accepted. */
function pendingList(page: Page) {
  return page.getByRole('list', { name: 'Pending invitations' });
}

/** The invitation links mailed to `email`, newest first, read from the dev mailbox API. */
async function invitationLinks(visitor: Visitor, email: string): Promise<string[]> {
  const answer = await visitor.callApi('GET', `/api/dev/mailbox?to=${encodeURIComponent(email)}`);
  const { items } = answer.body as { items: { text: string }[] };
  return items.flatMap((item) => item.text.match(/\/set-password\?token=[A-Za-z0-9_-]+/g) ?? []);
}

describe('account and invitations in the browser, accessible on desktop and phone, light and dark', () => {
  let admin: Visitor;
  let invitee: Visitor;
  let superAdmin: Visitor;
  setupJourney('account', ['admin', 'invitee', 'super'], (people) => {
    ({ admin, invitee, super: superAdmin } = people);
  });

  it('1. the agency admin invites, resends and revokes from the users page', async () => {
    const { page } = admin;
    expect(await admin.open('/sign-in')).toBe(200);
    expectClean(await auditEveryVariant(page, 'account-01-sign-in'));
    await signInAs(admin, 'agency-a-admin@demo.local', '/agency');
    expect(await admin.open('/users')).toBe(200);
    await waitForHeading(page, 'Users');

    for (const email of [INVITEE, WITHDRAWN]) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Role').selectOption({ label: 'Agency user' });
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await waitForToast(page, `Invitation sent to ${email}.`);
    }
    const pending = pendingList(page).getByRole('listitem').filter({ hasText: INVITEE });
    await pending.waitFor();
    await admin.screen('account-02-users-invited');

    await pending.getByRole('button', { name: `Resend the invitation to ${INVITEE}` }).click();
    await waitForToast(page, `A new invitation link was sent to ${INVITEE}.`);
    // The list is read again after the change; act on it once it has settled.
    await admin.screen('account-03-users-resent');
    await pendingList(page)
      .getByRole('listitem')
      .filter({ hasText: WITHDRAWN })
      .getByRole('button', { name: `Revoke the invitation to ${WITHDRAWN}` })
      .click();
    await waitForToast(page, `The invitation of ${WITHDRAWN} was revoked.`);
    await pendingList(page)
      .getByRole('listitem')
      .filter({ hasText: WITHDRAWN })
      .waitFor({ state: 'detached' });
    await admin.screen('account-03-users-revoked');
    // Toasts go away by themselves: none is left to stack up.
    await page.getByText(`Invitation sent to ${INVITEE}.`, { exact: true }).waitFor({
      state: 'detached',
      timeout: 15_000,
    });
    expectClean(await auditEveryVariant(page, 'account-04-users'));
  });

  it('2. an old or withdrawn link says so on opening; the new one asks a name and signs in', async () => {
    const { page } = invitee;
    const [newest, replaced] = await invitationLinks(admin, INVITEE);
    const [withdrawn] = await invitationLinks(admin, WITHDRAWN);
    for (const link of [replaced, withdrawn]) {
      expect(await invitee.open(link ?? '/set-password')).toBe(200);
      await waitForHeading(page, 'This link can no longer be used');
      expect(await page.getByLabel('New password').count()).toBe(0);
    }
    expectClean(await auditEveryVariant(page, 'account-05-used-link'));

    expect(await invitee.open(newest ?? '/set-password')).toBe(200);
    await waitForHeading(page, `Join ${AGENCY}`);
    await page.getByLabel('Your name').fill('Ivy Invitee');
    await page.getByLabel('New password').fill('aaaaaaaaaaaa');
    await page.getByLabel('Confirm password').fill('aaaaaaaaaaaa');
    await page.getByText(/^Strength: Very weak\. Repeated characters/).waitFor();
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/^This password is too easy to guess\./)
      .waitFor();
    await invitee.screen('account-06-weak-password', {
      expectedConsoleErrors: [
        `Failed to load resource: the server responded with a status of 422 (Unprocessable Entity) (${invitee.origin}/api/auth/invitations/accept)`,
      ],
    });
    expectClean(await auditEveryVariant(page, 'account-07-accept-form'));

    await acceptInvitation(
      invitee,
      { name: 'Ivy Invitee', password: INVITEE_PASSWORD },
      '/agency',
      'account-08',
    );
    await waitForHeading(page, 'Agency dashboard');
    await invitee.screen('account-09-signed-in');
    expectClean(await auditEveryVariant(page, 'account-09-agency-dashboard'));
  });

  it('3. the new member changes the password on the account page', async () => {
    const { page } = invitee;
    expect(await invitee.open('/account')).toBe(200);
    await waitForHeading(page, 'Account');
    await page.getByLabel('Current password').fill('not-my-password-1');
    await page.getByLabel('New password').fill(CHANGED_PASSWORD);
    await page.getByLabel('Confirm password').fill(CHANGED_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByText('Your current password is not correct.').waitFor();
    await page.getByLabel('Current password').fill(INVITEE_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await waitForToast(page, 'Your password was changed.');
    await invitee.screen('account-10-password-changed', {
      expectedConsoleErrors: [
        `Failed to load resource: the server responded with a status of 422 (Unprocessable Entity) (${invitee.origin}/api/auth/password/change)`,
      ],
    });
    expectClean(await auditEveryVariant(page, 'account-11-account'));

    // The theme toggle overrides the system setting, and back.
    await page.getByRole('button', { name: 'Colour theme' }).click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    await invitee.screen('account-12-dark-by-choice');
    await page.getByRole('button', { name: 'Colour theme' }).click();
    await page.getByRole('menuitemradio', { name: 'System' }).click();
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));

    // The user menu, open, and a missing page with the way home.
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Profile' }).waitFor();
    // An open menu is a popup portalled to the end of the document, outside every landmark
    // (axe's best-practice `region`); everything else is checked, aria-hidden-focus included.
    expectClean(await auditEveryVariant(page, 'account-13-user-menu', ['region']));
    await page.keyboard.press('Escape');
    expect(await invitee.open('/no-such-page')).toBe(404);
    await page.getByRole('link', { name: 'Back to your dashboard' }).waitFor();
    expectClean(await auditEveryVariant(page, 'account-14-not-found'));
    await invitee.screen('account-15-not-found', {
      expectedConsoleErrors: [
        `Failed to load resource: the server responded with a status of 404 (Not Found) (${invitee.origin}/no-such-page)`,
      ],
    });
  });

  it('4. while impersonating, the banner is readable and a refused page says to stop impersonating', async () => {
    const { page } = superAdmin;
    expect(await superAdmin.open('/sign-in')).toBe(200);
    await signInAs(superAdmin, 'super@demo.local', '/super');
    expectClean(await auditEveryVariant(page, 'account-16-super-dashboard'));
    await impersonateRow(
      superAdmin,
      { table: 'Agencies', workspace: AGENCY },
      `Support ticket ${suffix}`,
      '/agency',
      'account-17-impersonate',
    );
    expectClean(await auditEveryVariant(page, 'account-18-impersonating'));
    expect(await superAdmin.open('/account')).toBe(200);
    await page.getByText(/Super admin \(impersonating\) in this workspace\.$/).waitFor();
    expectClean(await auditEveryVariant(page, 'account-18-account-impersonating'));
    expect(await superAdmin.open('/super')).toBe(403);
    await page.getByText(/Use “Stop impersonating” at the top of the page/).waitFor();
    expectClean(await auditEveryVariant(page, 'account-19-forbidden-impersonating'));
    await superAdmin.screen('account-20-forbidden-impersonating', {
      expectedConsoleErrors: [
        `Failed to load resource: the server responded with a status of 403 (Forbidden) (${superAdmin.origin}/super)`,
      ],
    });
  });
});
