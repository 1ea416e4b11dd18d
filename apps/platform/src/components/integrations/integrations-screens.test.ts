import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import {
  describeCredentialPolicy,
  type CredentialPolicy,
  type IntegrationConnection,
  type ResolutionDecision,
} from '@aiconnected/sdk-contracts';
import { readResolutionFilters, resolutionLogQuery } from '@/lib/resolution-query';
import { connectProblem, connectRequestOf } from './connect-dialog';
import { ConnectResultBanner } from './connect-result-banner';
import { ConnectionTable } from './connection-table';
import { CredentialPolicyEditor } from './credential-policy-editor';
import { connectReturnOf, stepText } from './integration-labels';
import { draftOf, draftSentence, isDirty, ordersFor, putRequestOf } from './policy-draft';
import { PolicyHistoryTable } from './policy-history-table';
import { ProviderList } from './provider-list';
import { ResolutionLogTable } from './resolution-log-table';
import { GITHUB, connectionOf, policyOf } from './test-fixtures';
import { resolvedText } from './test-resolution';

vi.mock('next/navigation', () => ({
  useRouter: () => ({ refresh: () => undefined, replace: () => undefined }),
  usePathname: () => '/settings/integrations',
  useSearchParams: () => new URLSearchParams(),
}));

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

const BUSINESS = '33333333-3333-4333-8333-333333333333';
const AGENCY = '44444444-4444-4444-8444-444444444444';
const SUPER = '55555555-5555-4555-8555-555555555555';
const NAMES = { [BUSINESS]: 'Northwind Dental', [AGENCY]: 'Contoso Agency' };

const github = GITHUB;
const connection = (overrides: Partial<IntegrationConnection> = {}) =>
  connectionOf(BUSINESS, overrides);
const policy = (overrides: Partial<CredentialPolicy> = {}) => policyOf(BUSINESS, overrides);

describe('connections screen', () => {
  it('says what to do when there is no connection yet', () => {
    const html = renderToStaticMarkup(
      createElement(ConnectionTable, {
        connections: [],
        providers: [github],
        workspaceId: BUSINESS,
        returnPath: '/settings/integrations',
      }),
    );
    expect(text(html)).toContain('No connections yet Connect a provider above.');
    expect(html).toMatch(/<h3[^>]*>No connections yet<\/h3>/);
  });

  it('lists each connection with its state and offers only the actions that apply', () => {
    const html = renderToStaticMarkup(
      createElement(ConnectionTable, {
        connections: [
          connection(),
          connection({
            id: '22222222-2222-4222-8222-222222222222',
            provider_account_ref: 'sales',
            status: 'expired',
          }),
          connection({
            id: '66666666-6666-4666-8666-666666666666',
            provider_account_ref: 'old',
            status: 'revoked',
            connected_at: null,
          }),
        ],
        providers: [github],
        workspaceId: BUSINESS,
        returnPath: '/settings/integrations',
      }),
    );
    const all = text(html);
    expect(all).toContain(
      'GitHub main Active Modules of this workspace can use it. repo 2026-12-07 10:00 UTC 2026-12-07 10:05 UTC Disconnect GitHub account main',
    );
    expect(all).toContain(
      'GitHub sales Expired The provider’s grant lapsed: reconnect to sign in again.',
    );
    expect(all).toContain('Reconnect GitHub account sales');
    expect(all).toContain('Disconnect GitHub account sales');
    expect(all).not.toContain('Reconnect GitHub account main');
    // A disconnected one can be connected again, not disconnected again.
    expect(all).toContain('GitHub old Disconnected');
    expect(all).toContain('Reconnect GitHub account old');
    expect(all).not.toContain('Disconnect GitHub account old');
  });

  it('lists the providers with the scopes allowed here, and a disabled one without Connect', () => {
    const html = renderToStaticMarkup(
      createElement(ProviderList, {
        providers: [
          github,
          { ...github, provider_key: 'gmail', display_name: 'Gmail', enabled: false },
        ],
        connections: [connection()],
        workspaceId: BUSINESS,
        returnPath: '/settings/integrations',
      }),
    );
    expect(text(html)).toContain(
      'GitHub github 1 active account Scopes allowed here: repo, read:user Connect GitHub',
    );
    expect(text(html)).toContain('Gmail gmail Disabled by the platform');
    expect(text(html)).not.toContain('Connect Gmail');
    const empty = renderToStaticMarkup(
      createElement(ProviderList, {
        providers: [],
        connections: [],
        workspaceId: BUSINESS,
        returnPath: '/',
      }),
    );
    expect(text(empty)).toContain('No provider is set up on this platform yet');
  });

  it('builds the connect request from the form: trimmed account, allowed scopes in order', () => {
    expect(connectProblem({ accountRef: '  ', scopes: ['repo'] })).toBe(
      'Name the account, for example main.',
    );
    expect(connectProblem({ accountRef: 'main', scopes: [] })).toBe('Pick at least one scope.');
    expect(
      connectRequestOf(
        BUSINESS,
        github,
        { accountRef: ' sales ', scopes: ['read:user', 'repo'] },
        '/settings/integrations?workspace=x',
      ),
    ).toStrictEqual({
      workspace_id: BUSINESS,
      provider_key: 'github',
      provider_account_ref: 'sales',
      scopes: ['repo', 'read:user'],
      return_path: '/settings/integrations?workspace=x',
    });
  });

  it('says what happened at the provider when it sends the browser back', () => {
    expect(connectReturnOf('active')).toBe('active');
    expect(connectReturnOf(['failed', 'active'])).toBe('failed');
    expect(connectReturnOf('other')).toBeNull();
    const ok = renderToStaticMarkup(createElement(ConnectResultBanner, { result: 'active' }));
    expect(ok).toContain('role="status"');
    expect(text(ok)).toContain('Connected The provider confirmed the connection');
    const invalid = renderToStaticMarkup(
      createElement(ConnectResultBanner, { result: 'invalid', reason: 'replayed' }),
    );
    expect(invalid).toContain('role="alert"');
    expect(text(invalid)).toContain(
      'That connection link is no longer valid The link was already used. Start the connection again.',
    );
    const revoked = renderToStaticMarkup(
      createElement(ConnectResultBanner, { result: 'invalid', reason: 'permission_revoked' }),
    );
    expect(text(revoked)).toContain(
      'You no longer have permission to manage integrations in this workspace, so the connection was not completed. An admin of the workspace can connect it.',
    );
    expect(connectReturnOf('pending')).toBe('pending');
  });
});

describe('credential policy editor', () => {
  it('offers only the orders that start at the workspace’s level', () => {
    expect(ordersFor('business')).toStrictEqual([
      ['business'],
      ['business', 'agency'],
      ['business', 'agency', 'super'],
    ]);
    expect(ordersFor('agency')).toStrictEqual([['agency'], ['agency', 'super']]);
  });

  it('shows the API’s own sentence, and the switches read-only for the workspace’s own admins', () => {
    const shown = policy({ allow_parent_fallback: true });
    const html = renderToStaticMarkup(
      createElement(CredentialPolicyEditor, {
        policy: shown,
        workspaceType: 'business',
        providerName: 'GitHub',
        availableScopes: github.available_scopes,
        switchesEditable: false,
      }),
    );
    expect(text(html)).toContain(shown.effective.sentence);
    expect(text(html)).toContain('Set by the parent workspace’s administrators');
    expect(html.match(/role="switch"[^>]*disabled=""/g)).toHaveLength(2);
    expect(text(html)).toContain('Business → Agency → Platform');
    expect(html.match(/<option /g)).toHaveLength(3);
    expect(text(html)).toContain('No policy saved yet: the defaults are shown.');
  });

  it('lets the parent set the switches, the second only once the first is on', () => {
    const render = (overrides: Partial<CredentialPolicy>) =>
      renderToStaticMarkup(
        createElement(CredentialPolicyEditor, {
          policy: policy(overrides),
          workspaceType: 'business',
          providerName: 'GitHub',
          availableScopes: github.available_scopes,
          switchesEditable: true,
        }),
      );
    expect(render({}).match(/role="switch"[^>]*disabled=""/g)).toHaveLength(1);
    expect(
      render({ allow_parent_fallback: true }).match(/role="switch"[^>]*disabled=""/g),
    ).toBeNull();
  });

  it('turns the form into the PUT and the live sentence, as describeCredentialPolicy says', () => {
    const read = policy({ id: '77777777-7777-4777-8777-777777777777', version: 3 });
    const draft = { ...draftOf(read), allowParentFallback: true, fallbackWhenInvalid: true };
    expect(isDirty(read, draftOf(read))).toBe(false);
    expect(isDirty(read, draft)).toBe(true);
    expect(draftSentence(draft)).toBe(
      describeCredentialPolicy({
        resolution_order: ['business', 'agency', 'super'],
        allow_parent_fallback: true,
        fallback_when_invalid: true,
      }).sentence,
    );
    expect(draftSentence(draft)).not.toBe(read.effective.sentence);
    expect(putRequestOf(read, draft, github.available_scopes)).toStrictEqual({
      workspace_id: BUSINESS,
      provider_key: 'github',
      resolution_order: ['business', 'agency', 'super'],
      allow_parent_fallback: true,
      fallback_when_invalid: true,
      allowed_scopes: null,
      expected_version: 3,
    });
    // Turning fallback off drops "also when invalid"; narrowing keeps the provider's order.
    expect(
      putRequestOf(
        read,
        {
          ...draft,
          order: 'business',
          allowParentFallback: false,
          narrow: true,
          scopes: ['user:email', 'repo'],
        },
        github.available_scopes,
      ),
    ).toMatchObject({
      resolution_order: ['business'],
      allow_parent_fallback: false,
      fallback_when_invalid: false,
      allowed_scopes: ['repo', 'user:email'],
    });
  });

  it('lists the policy’s versions with who saved them, and what to do when there is none', () => {
    const html = renderToStaticMarkup(
      createElement(PolicyHistoryTable, {
        firstPage: {
          items: [
            {
              version: 2,
              change: 'updated',
              resolution_order: ['business', 'agency'],
              allow_parent_fallback: true,
              fallback_when_invalid: false,
              allowed_scopes: ['repo'],
              changed_by_user_id: AGENCY,
              changed_at: '2026-12-07T11:00:00Z',
            },
          ],
          next_cursor: null,
        },
        query: `workspace_id=${BUSINESS}&provider_key=github`,
        personNames: { [AGENCY]: 'Ana Admin' },
      }),
    );
    expect(text(html)).toContain(
      '2 Changed Business → Agency On, when none repo Ana Admin 2026-12-07 11:00 UTC',
    );
    expect(text(html)).toContain('1 version shown (all)');
    const empty = renderToStaticMarkup(
      createElement(PolicyHistoryTable, {
        firstPage: { items: [], next_cursor: null },
        query: '',
        personNames: {},
      }),
    );
    expect(text(empty)).toContain('No changes yet');
  });

  it('says where a test resolution found the credential', () => {
    expect(
      resolvedText(
        {
          resolution: {
            decision_id: '88888888-8888-4888-8888-888888888888',
            workspace_id: BUSINESS,
            provider_key: 'github',
            resolved_scope: 'agency',
            source_workspace_id: AGENCY,
            connection_id: '11111111-1111-4111-8111-111111111111',
            used_parent_fallback: true,
            reason: 'parent_fallback',
          },
          source_scope: 'agency',
        },
        (id) => NAMES[id as keyof typeof NAMES] ?? id,
      ),
    ).toBe(
      'Resolved at the agency level (Contoso Agency): A parent’s credential: every level before it allows falling back.',
    );
  });
});

describe('resolution log', () => {
  const decision: ResolutionDecision = {
    id: '99999999-9999-4999-8999-999999999999',
    workspace_id: BUSINESS,
    agency_workspace_id: AGENCY,
    provider_key: 'github',
    outcome: 'failed',
    resolved_scope: 'none',
    source_workspace_id: null,
    connection_id: null,
    reason: 'fallback_not_allowed',
    steps: [
      {
        level: 'business',
        workspace_id: BUSINESS,
        credential: 'none',
        allow_parent_fallback: false,
        fallback_when_invalid: false,
      },
    ],
    caller: 'server',
    actor_user_id: null,
    module_key: 'crm-lite',
    correlation_id: 'req-7',
    created_at: '2026-12-07T12:00:00Z',
  };

  it('shows each decision with its outcome, reason and the trail of levels', () => {
    const html = renderToStaticMarkup(
      createElement(ResolutionLogTable, {
        firstPage: { items: [decision], next_cursor: 'next' },
        query: `workspace_id=${AGENCY}&limit=50`,
        workspaceNames: NAMES,
      }),
    );
    expect(text(html)).toContain(
      '2026-12-07 12:00:00 UTC Northwind Dental github Failed None Fallback not allowed',
    );
    expect(text(html)).toContain(
      'Business Northwind Dental: no credential; its policy does not fall back.',
    );
    expect(text(html)).toContain('Module crm-lite');
    expect(html).toContain('<summary');
    expect(text(html)).toContain('1 resolution shown Load more');
  });

  it('words every step state', () => {
    expect(
      stepText(
        {
          level: 'agency',
          workspace_id: AGENCY,
          credential: 'invalid',
          allow_parent_fallback: true,
          fallback_when_invalid: true,
        },
        'Contoso Agency',
      ),
    ).toBe(
      'Agency Contoso Agency: an invalid or expired credential; its policy falls back, also from an invalid credential.',
    );
  });

  it('reads the filters from the address, dropping what the API would refuse', () => {
    const filters = readResolutionFilters({
      provider: 'github',
      outcome: 'failed',
      reason: 'made_up',
      subject: BUSINESS,
      from: '2026-12-01',
      to: '2026-12-07',
    });
    expect(filters).toStrictEqual({
      provider: 'github',
      outcome: 'failed',
      reason: '',
      subject: BUSINESS,
      from: '2026-12-01',
      to: '2026-12-07',
    });
    expect(
      Object.fromEntries(new URLSearchParams(resolutionLogQuery(SUPER, filters, 50))),
    ).toStrictEqual({
      workspace_id: SUPER,
      limit: '50',
      provider_key: 'github',
      outcome: 'failed',
      subject_workspace_id: BUSINESS,
      from: '2026-12-01T00:00:00Z',
      to: '2026-12-08T00:00:00.000Z',
    });
    expect(readResolutionFilters({ provider: 'Not A Key', subject: 'x' })).toMatchObject({
      provider: '',
      subject: '',
    });
  });
});
