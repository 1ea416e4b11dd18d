import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  acceptInvitation,
  impersonateRow,
  inviteIntoRow,
  navigationLinks,
  openInvitationMail,
  signInAs,
  stopImpersonating,
  waitForHeading,
  waitForToast,
  workspaceRow,
} from './support/identity-steps';
import { setupJourney } from './support/journey';
import type { Visitor } from './support/visitor';

// The journey through the identity screens, one act per test, each building on the one
// before: the people keep their browser (and cookie) from act to act. Only the demo tree is
// seeded; the agency, the business and their admins are created through the screens.
const suffix = randomBytes(3).toString('hex');
const AGENCY = `Fabrikam Agency ${suffix}`;
const BUSINESS = `Fabrikam Studio ${suffix}`;
const AGENCY_ADMIN = `fabrikam-admin-${suffix}@example.com`;
const BUSINESS_ADMIN = `studio-admin-${suffix}@example.com`;
const NEW_PASSWORD = `Chosen-in-e2e-${suffix}`;
const FORBIDDEN = /have access to this page$/;

describe('identity: agencies, businesses, invitations and impersonation in the browser', () => {
  let superAdmin: Visitor;
  let agencyAdmin: Visitor;
  let businessAdmin: Visitor;
  // Each act needs what the acts before it created (setupJourney skips the rest after a failure).
  setupJourney('identity', ['super', 'agency', 'business'], (people) => {
    ({ super: superAdmin, agency: agencyAdmin, business: businessAdmin } = people);
  });

  it('1. super signs in, creates an agency and invites its admin', async () => {
    const { page } = superAdmin;
    expect(await superAdmin.open('/')).toBe(200);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await superAdmin.arriveAt('/sign-in');
    await waitForHeading(page, 'Sign in');
    await superAdmin.screen('identity-01-sign-in');
    await signInAs(superAdmin, 'super@demo.local', '/super');
    await waitForHeading(page, 'Super dashboard');
    expect(await workspaceRow(page, 'Agencies', 'Contoso Agency').count()).toBe(1);
    await superAdmin.screen('identity-02-super-dashboard');

    await page.getByLabel('Agency name').fill(AGENCY);
    await page.getByRole('button', { name: 'Create agency' }).click();
    await waitForToast(page, `${AGENCY} was created.`);
    await workspaceRow(page, 'Agencies', AGENCY).waitFor();
    await superAdmin.screen('identity-03-super-agency-created');

    const agencyRow = { table: 'Agencies', workspace: AGENCY };
    await inviteIntoRow(
      superAdmin,
      agencyRow,
      { email: AGENCY_ADMIN, role: 'Agency admin' },
      'identity-04-super',
    );
  });

  it('2. the agency admin accepts, creates a business and invites its admin, who sees only that business', async () => {
    const { page } = agencyAdmin;
    await openInvitationMail(agencyAdmin, AGENCY_ADMIN, 'identity-05-agency-admin');
    await acceptInvitation(
      agencyAdmin,
      { name: 'Fabian Fabrikam', password: NEW_PASSWORD },
      '/agency',
      'identity-06-agency-admin',
    );
    await waitForHeading(page, 'Agency dashboard');
    expect(await page.getByText(`${AGENCY}: 0 businesses.`).count()).toBe(1);
    await agencyAdmin.screen('identity-07-agency-dashboard');

    await page.getByLabel('Business name').fill(BUSINESS);
    await page.getByRole('button', { name: 'Create business' }).click();
    await workspaceRow(page, 'Businesses', BUSINESS).waitFor();
    await page.getByText(`${AGENCY}: 1 business.`).waitFor();
    await agencyAdmin.screen('identity-08-agency-business-created');
    const businessRow = { table: 'Businesses', workspace: BUSINESS };
    await inviteIntoRow(
      agencyAdmin,
      businessRow,
      { email: BUSINESS_ADMIN, role: 'Business admin' },
      'identity-09-agency',
    );

    const own = businessAdmin.page;
    await openInvitationMail(businessAdmin, BUSINESS_ADMIN, 'identity-10-business-admin');
    await acceptInvitation(
      businessAdmin,
      { name: 'Stella Studio', password: NEW_PASSWORD },
      '/business',
      'identity-11-business-admin',
    );
    await waitForHeading(own, 'Business dashboard');
    // One workspace: the header names it, with no switcher menu to open.
    expect(await own.getByLabel(`Workspace: ${BUSINESS}`).count()).toBe(1);
    expect(await own.getByRole('button', { name: /^Workspace:/ }).count()).toBe(0);
    expect(await navigationLinks(own)).toStrictEqual([
      'Dashboard',
      'Users',
      'Audit log',
      'Workspace settings',
      'Integrations',
      'Branding',
      'Modules',
      'Events',
      'Account',
    ]);
    expect(await own.getByRole('link', { name: 'Dashboard' }).getAttribute('href')).toBe(
      '/business',
    );
    await businessAdmin.screen('identity-12-business-dashboard');

    const workspaces = await businessAdmin.callApi('GET', '/api/workspaces');
    expect(workspaces.status).toBe(200);
    expect(
      (workspaces.body as { items: { name: string }[] }).items.map((item) => item.name),
    ).toStrictEqual([BUSINESS]);
    expect(await businessAdmin.open('/select-workspace')).toBe(200);
    await waitForHeading(own, 'Choose a workspace');
    const options = own.getByRole('list', { name: 'Your workspaces' }).getByRole('listitem');
    expect(await options.allInnerTexts()).toStrictEqual([expect.stringContaining(BUSINESS)]);
    await businessAdmin.screen('identity-13-business-admin-workspaces');

    // A page the role does not include, typed by hand: the forbidden page, with HTTP 403.
    for (const path of ['/super', '/agency']) {
      expect(await businessAdmin.open(path)).toBe(403);
      await waitForHeading(own, FORBIDDEN);
      expect(await own.getByRole('link', { name: 'Back to dashboard' }).getAttribute('href')).toBe(
        '/business',
      );
      await businessAdmin.screen(`identity-14-business-admin-forbidden-${path.slice(1)}`, {
        // Chromium logs every document answered with an error status.
        expectedConsoleErrors: [
          `Failed to load resource: the server responded with a status of 403 (Forbidden) (${businessAdmin.origin}${path})`,
        ],
      });
    }
  });

  it('3. super impersonates the agency with a reason, stops, and reads both in the audit log', async () => {
    const { page } = superAdmin;
    expect(await superAdmin.open('/super')).toBe(200);
    await waitForHeading(page, 'Super dashboard');
    const reason = `Support ticket ${suffix}: check the new agency`;
    await impersonateRow(
      superAdmin,
      { table: 'Agencies', workspace: AGENCY },
      reason,
      '/agency',
      'identity-15-super-impersonate',
    );
    await waitForHeading(page, 'Agency dashboard');
    const banner = page.getByRole('region', { name: 'Impersonation' });
    expect(await banner.innerText()).toContain(
      `You are Sam Super acting in ${AGENCY} (from aiConnected Platform).`,
    );
    await workspaceRow(page, 'Businesses', BUSINESS).waitFor();
    await superAdmin.screen('identity-16-super-impersonating-agency');

    await stopImpersonating(superAdmin, '/super');
    await waitForHeading(page, 'Super dashboard');
    await superAdmin.screen('identity-17-super-stopped');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await superAdmin.arriveAt('/audit');
    await waitForHeading(page, 'Audit log');
    const entries = page
      .getByRole('table', { name: 'Audit log entries, newest first' })
      .getByRole('row');
    for (const action of ['impersonation.start', 'impersonation.stop']) {
      const rows = entries.filter({ has: page.getByRole('cell', { name: action, exact: true }) });
      expect(await rows.count(), action).toBeGreaterThan(0);
      expect(await rows.first().innerText(), action).toContain('Sam Super');
    }
    await superAdmin.screen('identity-18-super-audit-log');
  });

  it('4. the agency admin impersonates its own business and is refused for Contoso Fitness', async () => {
    const { page } = agencyAdmin;
    expect(await agencyAdmin.open('/agency')).toBe(200);
    await waitForHeading(page, 'Agency dashboard');
    const reason = `Helping ${BUSINESS} with its setup`;
    await impersonateRow(
      agencyAdmin,
      { table: 'Businesses', workspace: BUSINESS },
      reason,
      '/business',
      'identity-19-agency-impersonate',
    );
    await waitForHeading(page, 'Business dashboard');
    const banner = page.getByRole('region', { name: 'Impersonation' });
    expect(await banner.innerText()).toContain(
      `You are Fabian Fabrikam acting in ${BUSINESS} (from ${AGENCY}).`,
    );
    await agencyAdmin.screen('identity-20-agency-impersonating-business');
    await stopImpersonating(agencyAdmin, '/agency');
    await waitForHeading(page, 'Agency dashboard');
    await agencyAdmin.screen('identity-21-agency-stopped');

    // No screen offers another agency's business; the API is asked directly, as a script would.
    const listed = await superAdmin.callApi('GET', '/api/workspaces');
    const contoso = (listed.body as { items: { id: string; name: string }[] }).items.find(
      (workspace) => workspace.name === 'Contoso Fitness',
    );
    expect(contoso).toBeDefined();
    const refused = await agencyAdmin.callApi('POST', '/api/auth/impersonation/start', {
      target_workspace_id: contoso?.id,
      reason: 'Trying a business of another agency',
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'IMPERSONATION_SCOPE_FORBIDDEN' } });
    expect(await agencyAdmin.open('/agency')).toBe(200);
    await waitForHeading(page, 'Agency dashboard');
    expect(await page.getByRole('region', { name: 'Impersonation' }).count()).toBe(0);
    await agencyAdmin.screen('identity-22-agency-after-refusal', {
      expectedConsoleErrors: [
        `Failed to load resource: the server responded with a status of 403 (Forbidden) (${agencyAdmin.origin}/api/auth/impersonation/start)`,
      ],
    });
  });
});
