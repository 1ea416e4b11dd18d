import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeCredentialPolicy } from '@aiconnected/sdk-contracts';
import {
  requestKey,
  requestsTo,
  setupBrowserHarness,
  type StubAnswer,
} from '../testing/browser-harness';
import { GITHUB, connectionOf, policyOf } from './test-fixtures';

// The integrations screens' forms in Debian's Chromium, used by keyboard and mouse (a static
// render cannot open a dialog, flip a switch or send a request): bundled with a page that shows
// them; the API is answered by the test, which records each request. Next's router is a
// stand-in (the components only refresh after a success).

const ORIGIN = 'http://integrations-dialogs.test';
const WORKSPACE = '00000000-0000-4000-8000-0000000000bb';
const AGENCY = '00000000-0000-4000-8000-0000000000aa';
const HOSTED = `${ORIGIN}/hosted/link/lt_123`;

const PROVIDER = GITHUB;
const CONNECTION = connectionOf(WORKSPACE);
const POLICY = policyOf(WORKSPACE, { id: '22222222-2222-4222-8222-222222222222', version: 4 });

const HARNESS = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Toaster } from '@aiconnected/ui';
import { ProviderList } from './provider-list';
import { ConnectionTable } from './connection-table';
import { CredentialPolicyEditor } from './credential-policy-editor';
import { TestResolution } from './test-resolution';
const data = JSON.parse(document.getElementById('data').textContent);
const common = { workspaceId: data.workspace, returnPath: '/settings/integrations' };
createRoot(document.getElementById('root')).render(h('main', null,
  h(ProviderList, { ...common, providers: [data.provider], connections: [data.connection] }),
  h(ConnectionTable, { ...common, providers: [data.provider], connections: [data.connection] }),
  h(CredentialPolicyEditor, { policy: data.policy, workspaceType: 'business', providerName: 'GitHub', availableScopes: data.provider.available_scopes, switchesEditable: true }),
  h(TestResolution, { workspaceId: data.workspace, providerKey: 'github', workspaceNames: { [data.agency]: 'Contoso Agency' } }),
  h(Toaster, null)));
`;
const ROUTER_STAND_IN = `export const useRouter = () => ({ refresh() {}, push() {}, replace() {} });
export const usePathname = () => '/settings/integrations';
export const useSearchParams = () => new URLSearchParams();`;

const harness = setupBrowserHarness({
  harness: HARNESS,
  resolveDir: path.dirname(fileURLToPath(import.meta.url)),
  routerStandIn: ROUTER_STAND_IN,
});

let page: Page;
let requests: Request[];
let answers: Record<string, StubAnswer>;

const envelope = (code: string, message: string, details: Record<string, unknown> = {}) => ({
  error: { code, message, details, correlation_id: 'c' },
});

beforeEach(async () => {
  answers = {
    'POST /api/integrations/providers/composio/connect': {
      status: 201,
      json: {
        connection_state: 'initiated',
        oauth_url_or_status: HOSTED,
        connection: { ...CONNECTION, status: 'initiated' },
      },
    },
    'PUT /api/credentials/policies': { status: 200, json: { ...POLICY, version: 5 } },
    'POST /api/integrations/providers/composio/disconnect': {
      status: 200,
      json: { connection_state: 'revoked', connection: { ...CONNECTION, status: 'revoked' } },
    },
  };
  ({ page, requests } = await harness.open({
    origin: ORIGIN,
    data: {
      data: {
        workspace: WORKSPACE,
        agency: AGENCY,
        provider: PROVIDER,
        connection: CONNECTION,
        policy: POLICY,
      },
    },
    api: (request) => answers[requestKey(request)],
    html: (url) =>
      url.pathname.startsWith('/hosted/')
        ? '<!doctype html><title>Hosted</title><h1>Composio stand-in</h1>'
        : undefined,
  }));
  await page.getByRole('button', { name: 'Test resolution' }).waitFor();
});

/** The JSON bodies the page sent to `METHOD /api/path`. */
const sent = (method: string, pathname: string) =>
  requestsTo(requests, method, pathname).map((request) => request.postDataJSON() as unknown);

describe('integrations forms, in a browser', { timeout: 120_000 }, () => {
  it('connects by keyboard with the ticked scopes, then goes to the provider’s hosted page', async () => {
    const connect = page.getByRole('button', { name: 'Connect GitHub', exact: true });
    await connect.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Connect GitHub' });
    await dialog.waitFor();
    // Only the scopes allowed here are offered, all ticked; untick one.
    expect(await dialog.getByRole('checkbox').count()).toBe(2);
    await dialog.getByLabel('read:user').uncheck();
    await dialog.getByLabel('Account name').fill(' sales ');
    await dialog.getByRole('button', { name: 'Continue to GitHub' }).press('Enter');
    await page.waitForURL(HOSTED);
    expect(sent('POST', '/api/integrations/providers/composio/connect')).toStrictEqual([
      {
        workspace_id: WORKSPACE,
        provider_key: 'github',
        provider_account_ref: 'sales',
        scopes: ['repo'],
        return_path: '/settings/integrations',
      },
    ]);
  });

  it('names the refused scopes and stays open when the API refuses them', async () => {
    answers['POST /api/integrations/providers/composio/connect'] = {
      status: 403,
      json: envelope('INTEGRATION_SCOPE_FORBIDDEN', 'Scope not allowed.', {
        forbidden_scopes: ['read:user'],
      }),
    };
    await page.getByRole('button', { name: 'Connect GitHub', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect GitHub' });
    await dialog.getByRole('button', { name: 'Continue to GitHub' }).click();
    await dialog.getByText('Not allowed here: read:user. Untick them and connect again.').waitFor();
    expect(page.url()).toBe(`${ORIGIN}/`);
  });

  it('flips the fallback switches by keyboard, with the sentence following live, and saves the version read', async () => {
    const sentence = page.getByTestId('policy-sentence');
    expect(await sentence.innerText()).toBe(POLICY.effective.sentence);
    const invalid = page.getByRole('switch', { name: 'Also when this one is invalid or expired' });
    expect(await invalid.isDisabled()).toBe(true);
    await page
      .getByRole('switch', { name: 'Use the parent’s credential when this one has none' })
      .focus();
    await page.keyboard.press('Space');
    expect(await invalid.isDisabled()).toBe(false);
    await invalid.focus();
    await page.keyboard.press('Space');
    expect(await sentence.innerText()).toBe(
      describeCredentialPolicy({
        ...POLICY,
        allow_parent_fallback: true,
        fallback_when_invalid: true,
      }).sentence,
    );
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('GitHub policy saved (version 5).').waitFor();
    expect(sent('PUT', '/api/credentials/policies')).toStrictEqual([
      {
        workspace_id: WORKSPACE,
        provider_key: 'github',
        resolution_order: ['business', 'agency', 'super'],
        allow_parent_fallback: true,
        fallback_when_invalid: true,
        allowed_scopes: null,
        expected_version: 4,
      },
    ]);
  });

  it('says when another save came first and offers the latest version', async () => {
    answers['PUT /api/credentials/policies'] = {
      status: 409,
      json: envelope('CONFLICT', 'The policy changed.'),
    };
    await page.getByLabel('Resolution order').selectOption('business');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page
      .getByText(
        'Someone changed this policy since you opened it. Reload it, then redo your change.',
      )
      .waitFor();
    await page.getByRole('button', { name: 'Reload latest' }).waitFor();
  });

  it('tests a resolution and says where the credential came from, or why there is none', async () => {
    answers['POST /api/credentials/resolve'] = {
      status: 422,
      json: envelope('CREDENTIAL_RESOLUTION_FAILED', 'No credential.', {
        reason: 'fallback_not_allowed',
        decision_id: '33333333-3333-4333-8333-333333333333',
      }),
    };
    await page.getByRole('button', { name: 'Test resolution' }).click();
    await page
      .getByText(
        'No credential (CREDENTIAL_RESOLUTION_FAILED): A level had no credential and its policy does not fall back.',
      )
      .waitFor();
    answers['POST /api/credentials/resolve'] = {
      status: 200,
      json: {
        resolution: {
          decision_id: '33333333-3333-4333-8333-333333333334',
          workspace_id: WORKSPACE,
          provider_key: 'github',
          resolved_scope: 'agency',
          source_workspace_id: AGENCY,
          connection_id: CONNECTION.id,
          used_parent_fallback: true,
          reason: 'parent_fallback',
        },
        source_scope: 'agency',
      },
    };
    await page.getByRole('button', { name: 'Test resolution' }).click();
    await page.getByText('Resolved at the agency level (Contoso Agency):').waitFor();
    expect(sent('POST', '/api/credentials/resolve')).toStrictEqual([
      { workspace_id: WORKSPACE, provider_key: 'github' },
      { workspace_id: WORKSPACE, provider_key: 'github' },
    ]);
  });

  it('disconnects after a confirmation that names the account', async () => {
    // The connection renders as a table row and as a phone row (CSS shows one; this page has
    // no stylesheet): the table's button, as on a desktop.
    await page
      .getByRole('table')
      .getByRole('button', { name: 'Disconnect GitHub account main' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect GitHub (main)?' });
    await dialog.getByText('lose access at once').waitFor();
    await dialog.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await page.getByText('GitHub (main) is disconnected.').waitFor();
    expect(sent('POST', '/api/integrations/providers/composio/disconnect')).toStrictEqual([
      { workspace_id: WORKSPACE, connection_id: CONNECTION.id },
    ]);
  });
});
