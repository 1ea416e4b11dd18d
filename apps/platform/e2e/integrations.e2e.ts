import { describe, expect, it } from 'vitest';
import type { ResolutionDecisionPage } from '@aiconnected/sdk-contracts';
import { signInAs, waitForToast } from './support/identity-steps';
import { setupJourney } from './support/journey';
import { look, statusLogged } from './support/module-steps';
import type { Visitor } from './support/visitor';

// Integrations and credential fallback end to end in Chromium (issue 13). The app runs locally
// without COMPOSIO_* settings, so it serves its Composio stand-in at /dev/composio (same origin,
// no outside service). Super sets up the GitHub provider (auth config ac_standin_github);
// Northwind's agency admin connects GitHub through the hosted flow (the stand-in's page, Allow)
// and comes back to an active connection. On Northwind Dental's policy the agency admin turns
// falling back on: Test resolution resolves the agency's credential; off again: it fails with
// CREDENTIAL_RESOLUTION_FAILED. Contoso's admin, with every fallback on for Contoso Fitness,
// never resolves Northwind's credential and may not even ask for Dental. The resolution log
// shows the decisions to the agency admin, not to Dental's admin. axe and screenshots (1280 and
// 390 px, light and dark) on each screen: test-results/screenshots/integrations-*.

const DENTAL = 'Northwind Dental';
const FITNESS = 'Contoso Fitness';
const ALLOW = 'Use the parent’s credential when this one has none';

/** What Chromium logs for a Test resolution that failed (CREDENTIAL_RESOLUTION_FAILED, 422). */
const refusedResolve = (visitor: Visitor) =>
  statusLogged(visitor, '/api/credentials/resolve', '422 (Unprocessable Entity)');

describe('integrations: connect GitHub through the hosted flow, credential fallback, the resolution log', () => {
  let operator: Visitor;
  let agency: Visitor;
  let contoso: Visitor;
  let admin: Visitor;
  let dentalId: string;
  let northwindId: string;
  setupJourney('integrations', ['operator', 'agency', 'contoso', 'admin'], (people) => {
    ({ operator, agency, contoso, admin } = people);
    for (const visitor of Object.values(people)) visitor.page.setDefaultTimeout(30_000);
  });

  /** Picks the workspace of the integrations screens in the header's picker. */
  async function pickWorkspace(visitor: Visitor, label: string): Promise<void> {
    await visitor.page.getByLabel('Workspace', { exact: true }).selectOption({ label });
    await visitor.page.waitForURL((url) => url.searchParams.has('workspace'));
  }

  /** Test resolution on the policy screen; the sentence it shows. */
  async function testResolution(visitor: Visitor, expected: RegExp): Promise<void> {
    const { page } = visitor;
    await page.getByRole('button', { name: 'Test resolution' }).click();
    await page.getByTestId('resolution-result').getByText(expected).waitFor();
  }

  it('1. super sets up GitHub; the agency admin connects it through the provider’s hosted page', async () => {
    expect(await operator.open('/sign-in')).toBe(200);
    await signInAs(operator, 'super@demo.local', '/super');
    const put = await operator.callApi('PUT', '/api/integrations/providers/github', {
      backend: 'composio',
      auth_config_ref: 'ac_standin_github',
      display_name: 'GitHub',
      available_scopes: ['repo', 'read:user', 'user:email'],
      enabled: true,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    expect(await agency.open('/sign-in')).toBe(200);
    await signInAs(agency, 'agency-a-admin@demo.local', '/agency');
    const session = await agency.callApi('GET', '/api/auth/session');
    northwindId = (session.body as { context: { workspace_id: string } }).context.workspace_id;
    const { page } = agency;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Integrations' })
      .click();
    await agency.arriveAt('/settings/integrations');
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'No connections yet' }).waitFor();
    await look(agency, 'integrations-01-empty');

    await page.getByRole('button', { name: 'Connect GitHub', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect GitHub' });
    await dialog.getByLabel('user:email').uncheck();
    await look(agency, 'integrations-02-connect-dialog');
    await dialog.getByRole('button', { name: 'Continue to GitHub' }).click();
    await page.getByRole('heading', { level: 1, name: 'Composio stand-in (local)' }).waitFor();
    await agency.screen('integrations-03-hosted-page');
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.waitForURL(
      (url) =>
        url.pathname === '/settings/integrations' && url.searchParams.get('connect') === 'active',
    );
    await page.getByText('The provider confirmed the connection').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'GitHub' });
    await row.getByText('Active', { exact: true }).waitFor();
    await row.getByText('repo, read:user', { exact: true }).waitFor();
    await look(agency, 'integrations-04-connected');
    // The token never reaches the browser.
    expect(await page.content()).not.toContain('standin_');
  }, 180_000);

  it('2. Dental falls back to the agency’s credential only while the agency allows it', async () => {
    const { page } = agency;
    await page
      .getByRole('navigation', { name: 'Integrations' })
      .getByRole('link', { name: 'Credential policies' })
      .click();
    await agency.arriveAt('/settings/integrations/credentials');
    await pickWorkspace(agency, `${DENTAL} (business)`);
    await page
      .getByRole('heading', { level: 2, name: `GitHub credentials of ${DENTAL}` })
      .waitFor();
    await testResolution(agency, /fallback_not_allowed|its policy does not fall back/);

    await page.getByRole('switch', { name: ALLOW }).click();
    await page
      .getByTestId('policy-sentence')
      .getByText(/If it has none, it uses the agency’s credential/)
      .waitFor();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await waitForToast(page, 'GitHub policy saved (version 1).');
    await testResolution(agency, /^Resolved at the agency level \(Northwind Agency\)/);
    // The first Test resolution failed (422), as it should: the browser logs that answer.
    await look(agency, 'integrations-05-policy-fallback-on', [refusedResolve(agency)]);

    await page.getByRole('switch', { name: ALLOW }).click();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await waitForToast(page, 'GitHub policy saved (version 2).');
    await testResolution(agency, /^No credential \(CREDENTIAL_RESOLUTION_FAILED\)/);
    await page.getByRole('row').filter({ hasText: 'On, when none' }).waitFor();
    dentalId = new URL(page.url()).searchParams.get('workspace') ?? '';
    expect(dentalId).not.toBe('');
  }, 120_000);

  it('3. Contoso never resolves Northwind’s credential, whatever its fallback', async () => {
    expect(await contoso.open('/sign-in')).toBe(200);
    await signInAs(contoso, 'agency-b-admin@demo.local', '/agency');
    const { page } = contoso;
    expect(await contoso.open('/settings/integrations/credentials')).toBe(200);
    await pickWorkspace(contoso, `${FITNESS} (business)`);
    await page.getByRole('switch', { name: ALLOW }).click();
    await page.getByRole('switch', { name: 'Also when this one is invalid or expired' }).click();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await waitForToast(page, 'GitHub policy saved (version 1).');
    // Fitness and Contoso have no GitHub connection; Northwind's is never on its chain.
    await testResolution(contoso, /^No credential \(CREDENTIAL_RESOLUTION_FAILED\)/);
    const foreign = await contoso.callApi('POST', '/api/credentials/resolve', {
      workspace_id: dentalId,
      provider_key: 'github',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ error: { code: 'WORKSPACE_FORBIDDEN' } });
  }, 120_000);

  it('4. the resolution log shows the decisions to the agency admin, not to Dental’s admin', async () => {
    const { page } = agency;
    expect(await agency.open('/settings/integrations/resolutions')).toBe(200);
    await page.getByRole('heading', { level: 2, name: 'Resolution log' }).waitFor();
    const rows = page.getByRole('row').filter({ hasText: DENTAL });
    await expect.poll(() => rows.count()).toBe(3);
    const fallback = rows.filter({ hasText: 'Parent fallback' });
    await fallback.getByText('Parent fallback').click();
    await fallback.getByText(`Agency Northwind Agency: a valid credential`).waitFor();
    await look(agency, 'integrations-06-resolution-log', [refusedResolve(agency)]);
    // Contoso's decisions are not in Northwind's tree.
    expect(await page.getByRole('row').filter({ hasText: FITNESS }).count()).toBe(0);

    expect(await admin.open('/sign-in')).toBe(200);
    await signInAs(admin, 'business-a1-admin@demo.local', '/business');
    const tabs = admin.page.getByRole('navigation', { name: 'Integrations' });
    expect(await admin.open('/settings/integrations/credentials')).toBe(200);
    expect(await tabs.getByRole('link').allInnerTexts()).toStrictEqual([
      'Connections',
      'Credential policies',
    ]);
    expect(await admin.open('/settings/integrations/resolutions')).toBe(403);
    const denied = await admin.callApi(
      'GET',
      `/api/credentials/resolutions?workspace_id=${dentalId}`,
    );
    expect(denied.status).toBe(403);
    const mine = await agency.callApi(
      'GET',
      `/api/credentials/resolutions?workspace_id=${northwindId}&subject_workspace_id=${dentalId}`,
    );
    expect((mine.body as ResolutionDecisionPage).items.map((item) => item.reason)).toStrictEqual([
      'fallback_not_allowed',
      'parent_fallback',
      'fallback_not_allowed',
    ]);
  }, 120_000);
});
