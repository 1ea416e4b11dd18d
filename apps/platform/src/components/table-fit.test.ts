import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { setupAppCss, setupBrowserHarness } from './testing/browser-harness';

// The audit log, the members table, one's sessions and a dashboard's workspaces fit a phone: at
// 390 px, inside the app layout's columns (app/(app)/layout.tsx) and a card, no table scrolls
// sideways; the audit log keeps time and what happened (the workspace under it, by name), the
// members table the name (email under it), the role (status under it) and the row's actions, the
// sessions table the device (last active and IP under it) and its button, the workspace table
// the name (status and creation under it) and its buttons. From `sm` up every column shows,
// except between `md` and `lg` (sessions: `xl`), where the sidebar takes the room and the phone
// layout returns.
// The operations screens' lists fit too: the events monitor's events and dead letter, the
// connections, a policy's history, the resolution log and the module registry show stacked rows
// on a phone (nothing in the page reaches past its padding) and their tables on a desktop; the
// theme versions table drops its author and time columns beside the sidebar, as the others do.

const here = path.dirname(fileURLToPath(import.meta.url));
const COMPONENTS = [
  'audit/audit-log-table',
  'users/users-table',
  'users/user-row-actions',
  'account/sessions-table',
  'workspaces/workspace-table',
  'workspaces/invite-member-dialog',
  'workspaces/impersonate-dialog',
  'events/event-list',
  'events/dead-letter-list',
  'integrations/connection-table',
  'integrations/connection-state-badge',
  'integrations/connect-dialog',
  'integrations/disconnect-dialog',
  'integrations/policy-history-table',
  'integrations/resolution-log-table',
  'modules-registry/registry-table',
  'theme/theme-versions',
  'paging/load-more-button',
];

const HARNESS = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Card, CardContent } from '@aiconnected/ui';
import { AuditLogTable } from './audit/audit-log-table';
import { UsersTable } from './users/users-table';
import { SessionsTable } from './account/sessions-table';
import { WorkspaceTable } from './workspaces/workspace-table';
import { EventList } from './events/event-list';
import { DeadLetterList } from './events/dead-letter-list';
import { ConnectionTable } from './integrations/connection-table';
import { PolicyHistoryTable } from './integrations/policy-history-table';
import { ResolutionLogTable } from './integrations/resolution-log-table';
import { RegistryTable } from './modules-registry/registry-table';
import { ThemeVersions } from './theme/theme-versions';
const card = (table, ops) =>
  h(Card, ops ? { 'data-operations': '' } : null, h(CardContent, { className: 'pt-6' }, table));
const data = JSON.parse(document.getElementById('data').textContent);
createRoot(document.getElementById('root')).render(
  h('div', { className: 'flex min-h-screen' },
    h('aside', { className: 'hidden w-60 shrink-0 border-r p-4 md:block' }),
    h('main', { className: 'min-w-0 flex-1 px-4 py-8 md:px-8' },
      h('div', { className: 'mx-auto max-w-5xl space-y-8' },
        card(h(AuditLogTable, {
          firstPage: { items: data.entries, next_cursor: null },
          query: '',
          workspaceNames: { [data.agency]: 'Northwind Agency' } })),
        card(h(UsersTable, {
          workspaceName: 'Northwind Agency', users: data.users,
          currentUserId: data.users[0].id, assignableRoles: ['agency_admin', 'agency_user'] })),
        card(h(SessionsTable, { sessions: data.sessions })),
        card(h(WorkspaceTable, {
          caption: 'Businesses', workspaces: data.businesses, canImpersonate: true,
          inviteRoles: ['business_admin', 'business_user'],
          empty: { title: 'No businesses yet', description: 'Create the first one below.' } })),
        card(h(EventList, {
          firstPage: { items: data.events, next_cursor: null }, query: '', workspaceId: data.agency }), true),
        card(h(DeadLetterList, {
          firstPage: { items: data.deadLetters, next_cursor: null }, query: '', workspaceId: data.agency }), true),
        card(h(ConnectionTable, {
          connections: data.connections, providers: data.providers, workspaceId: data.agency,
          returnPath: '/settings/integrations' }), true),
        card(h(PolicyHistoryTable, {
          firstPage: { items: data.history, next_cursor: null }, query: '',
          personNames: { [data.avery]: 'Avery Admin' } }), true),
        card(h(ResolutionLogTable, {
          firstPage: { items: data.resolutions, next_cursor: null }, query: '',
          workspaceNames: { [data.agency]: 'Northwind Agency', [data.dental]: 'Northwind Dental' } }), true),
        card(h(RegistryTable, { rows: data.modules }), true),
        card(h(ThemeVersions, {
          workspaceId: data.agency, firstPage: { items: data.themeVersions, next_cursor: null },
          currentVersion: 2, canEdit: true }), true)))));
`;
const ROUTER_STAND_IN = `export const useRouter = () => ({ push() {}, refresh() {} });
export const usePathname = () => '/audit';
export const useSearchParams = () => new URLSearchParams();`;
const ORIGIN = 'http://table-fit.test';

const AGENCY = '11111111-1111-4111-8111-111111111111';
const GONE = '99999999-9999-4999-8999-999999999999';
const AVERY = '22222222-2222-4222-8222-222222222222';
const ARI = '33333333-3333-4333-8333-333333333333';
const person = (id: string, email: string, name: string) => ({ id, email, display_name: name });
const entry = (n: number, workspace: string, action: string) => ({
  id: `44444444-4444-4444-8444-44444444444${n}`,
  workspace_id: workspace,
  actor_user_id: AVERY,
  impersonator_user_id: null,
  action,
  target_type: 'user',
  target_id: AVERY,
  metadata_json: {},
  correlation_id: null,
  created_at: '2026-12-07T17:19:00.000000Z',
  actor: person(AVERY, 'agency-a-admin@demo.local', 'Avery Admin'),
  impersonator: null,
  target_user: person(AVERY, 'agency-a-admin@demo.local', 'Avery Admin'),
});
const member = (id: string, email: string, name: string, role: string) => ({
  ...person(id, email, name),
  status: 'active',
  membership_id: id.replace(/^./, '5'),
  role_template: role,
  active: true,
  created_at: '2026-12-07T17:14:00.000000Z',
  allowed_actions: ['edit_profile', 'suspend', 'change_email', 'manage_membership'],
});

const session = (n: number, current: boolean) => ({
  id: `66666666-6666-4666-8666-66666666666${n}`,
  current,
  created_at: '2026-12-07T17:14:00.000000Z',
  last_seen_at: '2026-12-07T17:21:00.000000Z',
  expires_at: '2027-01-06T17:14:00.000000Z',
  user_agent:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  ip: '203.0.113.200',
  active_workspace_id: AGENCY,
  impersonating: false,
});

const business = (n: number, name: string) => ({
  id: `77777777-7777-4777-8777-77777777777${n}`,
  type: 'business',
  parent_workspace_id: AGENCY,
  name,
  slug: name.toLowerCase().replace(' ', '-'),
  status: 'active',
  created_at: '2026-12-07T17:14:00.000000Z',
  updated_at: '2026-12-07T17:14:00.000000Z',
});

const DENTAL = '88888888-8888-4888-8888-888888888888';
const CREATED = '2026-12-07T17:19:00.000000Z';

const delivery = (n: number, state: string, moduleKey: string) => ({
  id: `aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa${n}`,
  event_id: `bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbb${n}`,
  module_key: moduleKey,
  kind: 'event',
  action: null,
  state,
  attempts: state === 'dead_letter' ? 8 : 1,
  next_attempt_at: null,
  last_status: state === 'dead_letter' ? 503 : 204,
  last_error: state === 'dead_letter' ? 'the endpoint answered 503 Service Unavailable' : null,
  skip_reason: null,
  replays: 0,
  delivered_at: state === 'delivered' ? CREATED : null,
  dead_lettered_at: state === 'dead_letter' ? CREATED : null,
  skipped_at: null,
  behind_dead_letter: false,
});
const event = (n: number, name: string, state: string) => ({
  id: `bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbb${n}`,
  workspace_id: AGENCY,
  event_name: name,
  source: '/modules/customer-onboarding',
  stream: 'customer-onboarding-northwind-dental',
  sequence: '00000000000000000042',
  correlation_id: null,
  occurred_at: CREATED,
  recorded_at: CREATED,
  delivery_state: state,
  payload: {},
  deliveries: [delivery(n, state === 'delivered' ? 'delivered' : 'dead_letter', 'crm-sync')],
});
const deadLetter = (n: number) => ({
  ...delivery(n, 'dead_letter', 'customer-onboarding'),
  event_name: 'customer_onboarding.appointment.rescheduled',
  stream: 'customer-onboarding-northwind-dental',
  sequence: '00000000000000000007',
  recorded_at: CREATED,
});
const connection = (n: number, account: string, status: string) => ({
  id: `cccccccc-cccc-4ccc-8ccc-ccccccccccc${n}`,
  workspace_id: AGENCY,
  backend: 'composio',
  provider_key: 'github',
  provider_account_ref: account,
  display_name: null,
  status,
  scopes: ['repo', 'read:user', 'user:email'],
  connected_at: CREATED,
  status_checked_at: CREATED,
  credential_expires_at: null,
  last_error: null,
  created_at: CREATED,
});
const historyEntry = (version: number, change: string) => ({
  version,
  change,
  resolution_order: ['business', 'agency', 'super'],
  allow_parent_fallback: true,
  fallback_when_invalid: version > 1,
  allowed_scopes: ['repo', 'read:user', 'user:email'],
  changed_by_user_id: AVERY,
  changed_at: CREATED,
});
const resolution = (n: number, outcome: string) => ({
  id: `dddddddd-dddd-4ddd-8ddd-ddddddddddd${n}`,
  workspace_id: DENTAL,
  agency_workspace_id: AGENCY,
  provider_key: 'github',
  outcome,
  resolved_scope: outcome === 'resolved' ? 'agency' : 'none',
  source_workspace_id: outcome === 'resolved' ? AGENCY : null,
  connection_id: null,
  reason: outcome === 'resolved' ? 'parent_fallback' : 'fallback_not_allowed',
  steps: [
    {
      level: 'business',
      workspace_id: DENTAL,
      credential: 'none',
      allow_parent_fallback: outcome === 'resolved',
      fallback_when_invalid: false,
    },
  ],
  caller: 'server',
  actor_user_id: null,
  module_key: 'customer-onboarding',
  correlation_id: 'req-7f3c2a9e-5b1d-4c8e-9a6f-2d4b8e1c7a50',
  created_at: CREATED,
});
const registryRow = (key: string, name: string) => ({
  module_key: key,
  name,
  current_version: '1.12.3',
  versions: 4,
  statuses: { registered: 2, draft: 1, rejected: 1 },
  paid: true,
  updated_at: CREATED,
});

const harness = setupBrowserHarness({
  harness: HARNESS,
  resolveDir: here,
  routerStandIn: ROUTER_STAND_IN,
});
const styles = setupAppCss(
  HARNESS,
  COMPONENTS.map((file) => path.join(here, `${file}.tsx`)),
);
let page: Page;

beforeEach(async () => {
  const data = JSON.stringify({
    agency: AGENCY,
    entries: [entry(1, AGENCY, 'auth.sign_in'), entry(2, GONE, 'membership.role_changed')],
    sessions: [session(6, true), session(7, false)],
    businesses: [business(8, 'Northwind Bakery'), business(9, 'Northwind Dental')],
    users: [
      member(AVERY, 'agency-a-admin@demo.local', 'Avery Admin', 'agency_admin'),
      member(ARI, 'agency-a-user@demo.local', 'Ari User', 'agency_user'),
    ],
    avery: AVERY,
    dental: DENTAL,
    events: [
      event(1, 'customer_onboarding.appointment.rescheduled', 'dead_letter'),
      event(2, 'membership.role_changed', 'delivered'),
    ],
    deadLetters: [deadLetter(3), deadLetter(4)],
    providers: [
      {
        provider_key: 'github',
        backend: 'composio',
        display_name: 'GitHub',
        available_scopes: ['repo', 'read:user', 'user:email'],
        allowed_scopes: ['repo', 'read:user', 'user:email'],
        enabled: true,
      },
    ],
    connections: [
      connection(5, 'northwind-engineering-bot@example.com', 'active'),
      connection(6, 'octocat', 'expired'),
    ],
    history: [historyEntry(2, 'updated'), historyEntry(1, 'created')],
    resolutions: [resolution(7, 'resolved'), resolution(8, 'failed')],
    modules: [
      registryRow('customer-onboarding', 'Customer onboarding'),
      registryRow('hello', 'Hello'),
    ],
    themeVersions: [2, 1].map((version) => ({
      workspace_id: AGENCY,
      version,
      change_note: version === 2 ? 'Primary to the brand teal' : 'First theme',
      author: { id: AVERY, display_name: 'Avery Admin', email: 'agency-a-admin@demo.local' },
      created_at: CREATED,
    })),
  });
  ({ page } = await harness.open({
    origin: ORIGIN,
    html: (url) =>
      url.pathname === '/'
        ? `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><style>${styles.css}</style></head><body><script type="application/json" id="data">${data}</script><div id="root"></div><script src="/app.js"></script></body></html>`
        : undefined,
  }));
  await page.getByRole('region', { name: 'Members of Northwind Agency' }).waitFor();
});

/** Each labelled table region that scrolls sideways, with how far. */
const scrollsSideways = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('[role=region]')]
      .filter((region) => region.scrollWidth > region.clientWidth)
      .map(
        (region) =>
          `${region.getAttribute('aria-label')}: ${region.scrollWidth} > ${region.clientWidth}`,
      ),
  );

/**
 * Each element of the page that reaches past the main column's padding (16 px on a phone),
 * with how far: nothing may stick out to be scrolled to sideways.
 */
const stickingOut = async (within = 'main') => {
  return page.evaluate((within) => {
    const main = document.querySelector('main');
    if (!main) return ['no main'];
    const right =
      main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
    const out = [...document.querySelectorAll(`${within} *`)]
      .filter((element) => element.getBoundingClientRect().right > right + 0.5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()} "${(element.textContent ?? '').slice(0, 40)}": ${Math.round(element.getBoundingClientRect().right)} > ${Math.round(right)}`,
      );
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth)
      out.push(`page: ${page.scrollWidth} > ${page.clientWidth}`);
    return out;
  }, within);
};

/** The labelled lists shown, by their labels. */
const listsShown = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('ul[aria-label]')]
      .filter((list) => (list as HTMLElement).offsetParent !== null)
      .map((list) => list.getAttribute('aria-label')),
  );

const OPERATIONS_LISTS = [
  'Events, newest first',
  'Dead-lettered deliveries, newest first',
  'Connections of this workspace',
  'Versions of this policy, newest first',
  'Credential resolutions, newest first',
  'Modules in the registry',
];

const headers = (table: string) =>
  page.getByRole('region', { name: table }).getByRole('columnheader').allInnerTexts();

describe(
  'the audit log, members, sessions and workspace tables on a phone',
  { timeout: 60_000 },
  () => {
    it('at 390 px none scrolls sideways; each keeps its essential columns', async () => {
      await page.setViewportSize({ width: 390, height: 900 });
      expect(await scrollsSideways()).toStrictEqual([]);
      expect(await headers('Audit log entries')).toStrictEqual(['Time', 'What happened']);
      expect(await headers('Members of Northwind Agency')).toStrictEqual([
        'Name',
        'Role',
        'Actions',
      ]);
      expect(await headers('Your sessions')).toStrictEqual(['Device', 'Actions']);
      expect(await headers('Businesses')).toStrictEqual(['Name', 'Actions']);
      // A dashboard's row buttons are in view (they sat off-screen to the right).
      const businesses = page.getByRole('region', { name: 'Businesses' });
      for (const button of await businesses.getByRole('button').all()) {
        const box = await button.boundingBox();
        expect(box && box.x + box.width, await button.innerText()).toBeLessThanOrEqual(390 - 16);
      }
      expect(await businesses.getByRole('button').count()).toBe(4);
      // Each session's button is in view, and when and where it was last active shows.
      const sessions = page.getByRole('region', { name: 'Your sessions' });
      for (const name of [/^Sign out here/, /^Revoke/]) {
        const box = await sessions.getByRole('button', { name }).boundingBox();
        expect(box && box.x + box.width, String(name)).toBeLessThanOrEqual(390 - 16);
      }
      expect(
        await sessions
          .getByText(/^Last active .* from 203\.0\.113\.200$/)
          .first()
          .isVisible(),
      ).toBe(true);
      const audit = page.getByRole('region', { name: 'Audit log entries' });
      // The workspace under what happened: by name, and a workspace without one is labelled.
      // (first: the line under what happened comes before the hidden column's cell)
      for (const name of ['Northwind Agency', 'Workspace 99999999']) {
        expect(await audit.getByText(name, { exact: true }).first().isVisible(), name).toBe(true);
      }
      const members = page.getByRole('region', { name: 'Members of Northwind Agency' });
      expect(
        await members.getByText('agency-a-user@demo.local', { exact: true }).first().isVisible(),
      ).toBe(true);
      // The status under the role (first: before the hidden Status column's badge).
      expect(await members.getByText('Active', { exact: true }).first().isVisible()).toBe(true);
      expect(await page.getByText('2 entries shown (all)', { exact: true }).isVisible()).toBe(true);
    });

    it.each([640, 1280])('at %i px every column shows', async (width) => {
      await page.setViewportSize({ width, height: 900 });
      expect(await headers('Audit log entries')).toStrictEqual([
        'Time',
        'What happened',
        'Action',
        'Workspace',
      ]);
      expect(await headers('Members of Northwind Agency')).toStrictEqual([
        'Name',
        'Email',
        'Role',
        'Status',
        'Actions',
      ]);
      expect(await headers('Businesses')).toStrictEqual(['Name', 'Status', 'Created', 'Actions']);
      expect(await headers('Your sessions')).toStrictEqual([
        'Device',
        'IP address',
        'Last active',
        'Expires',
        'Actions',
      ]);
      const audit = page.getByRole('region', { name: 'Audit log entries' });
      expect(await audit.getByRole('cell', { name: 'auth.sign_in', exact: true }).isVisible()).toBe(
        true,
      );
      expect(await audit.getByRole('cell', { name: 'Workspace 99999999' }).isVisible()).toBe(true);
    });
  },
);

describe(
  'the events, dead letter, connections, policy history, resolution log and registry on a phone',
  { timeout: 60_000 },
  () => {
    it('at 390 px nothing sticks out: each shows stacked rows with its details and actions', async () => {
      await page.setViewportSize({ width: 390, height: 900 });
      expect(await stickingOut()).toStrictEqual([]);
      expect(await scrollsSideways()).toStrictEqual([]);
      expect(await listsShown()).toStrictEqual(OPERATIONS_LISTS);
      // No operations table is on screen (each is out of the accessibility tree, too).
      for (const table of [
        'Events',
        'Dead-lettered deliveries',
        'Connections',
        'Policy history',
        'Credential resolutions',
        'Registered modules',
      ]) {
        expect(await page.getByRole('region', { name: table, exact: true }).count(), table).toBe(0);
      }
      const list = (name: string) => page.getByRole('list', { name, exact: true });
      // What a row's columns said is in its stacked row.
      const connections = list('Connections of this workspace');
      for (const text of [
        'northwind-engineering-bot@example.com',
        'Active',
        'Expired',
        'repo, read:user, user:email',
      ]) {
        expect(await connections.getByText(text, { exact: true }).first().isVisible(), text).toBe(
          true,
        );
      }
      const history = list('Versions of this policy, newest first');
      for (const text of [
        'Business → Agency → Platform',
        'On, also when invalid',
        'On, when none',
      ]) {
        expect(await history.getByText(text, { exact: true }).first().isVisible(), text).toBe(true);
      }
      expect(await history.getByText(/ by Avery Admin$/).count()).toBe(2);
      const resolutions = list('Credential resolutions, newest first');
      expect(await resolutions.getByText('Agency (Northwind Agency)').isVisible()).toBe(true);
      expect(await resolutions.getByText('Failed', { exact: true }).isVisible()).toBe(true);
      // The reason still opens the trail of levels.
      await resolutions.getByText('Parent fallback').click();
      expect(
        await resolutions
          .getByText(/^Business Northwind Dental: /)
          .first()
          .isVisible(),
      ).toBe(true);
      expect(await stickingOut()).toStrictEqual([]);
      // Every action button is in view.
      for (const name of OPERATIONS_LISTS) {
        for (const button of await list(name).getByRole('button').all()) {
          const box = await button.boundingBox();
          expect(
            box && box.x + box.width,
            `${name}: ${await button.innerText()}`,
          ).toBeLessThanOrEqual(390 - 16);
        }
      }
      expect(await list('Dead-lettered deliveries, newest first').getByRole('button').count()).toBe(
        4,
      );
      expect(await connections.getByRole('button').count()).toBe(3);
    });

    it.each([768, 1024])(
      'at %i px (the sidebar shows) nothing sticks out either',
      async (width) => {
        await page.setViewportSize({ width, height: 900 });
        expect(await stickingOut()).toStrictEqual([]);
        expect(await scrollsSideways()).toStrictEqual([]);
        // Beside the sidebar the tables take their phone layout until they fit (sessions: xl).
        const all = width >= 1024;
        expect(await headers('Audit log entries')).toStrictEqual(
          all ? ['Time', 'What happened', 'Action', 'Workspace'] : ['Time', 'What happened'],
        );
        expect(await headers('Members of Northwind Agency')).toStrictEqual(
          all ? ['Name', 'Email', 'Role', 'Status', 'Actions'] : ['Name', 'Role', 'Actions'],
        );
        expect(await headers('Businesses')).toStrictEqual(
          all ? ['Name', 'Status', 'Created', 'Actions'] : ['Name', 'Actions'],
        );
        expect(await headers('Your sessions')).toStrictEqual(['Device', 'Actions']);
        expect(await headers('Theme versions')).toStrictEqual(
          all
            ? ['Version', 'Change note', 'By', 'When', 'Actions']
            : ['Version', 'Change note', 'Actions'],
        );
      },
    );

    it('at 1280 px each shows its table with every column, and none scrolls sideways', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await stickingOut('[data-operations]')).toStrictEqual([]);
      expect(await scrollsSideways()).toStrictEqual([]);
      expect(await listsShown()).toStrictEqual([]);
      expect(await headers('Events')).toStrictEqual([
        'Recorded',
        'Event',
        'Stream',
        'State',
        'Deliveries',
      ]);
      expect(await headers('Dead-lettered deliveries')).toStrictEqual([
        'Gave up',
        'Event',
        'Module',
        'Last attempt',
        'Actions',
      ]);
      expect(await headers('Connections')).toStrictEqual([
        'Provider',
        'Account',
        'State',
        'Scopes',
        'Connected',
        'Last checked',
        'Actions',
      ]);
      expect(await headers('Policy history')).toStrictEqual([
        'Version',
        'Change',
        'Order',
        'Fallback',
        'Scopes',
        'By',
        'When',
      ]);
      expect(await headers('Credential resolutions')).toStrictEqual([
        'Time',
        'Resolved for',
        'Provider',
        'Outcome',
        'From',
        'Why',
        'Asked by',
      ]);
      expect(await headers('Registered modules')).toStrictEqual([
        'Module',
        'Current version',
        'Versions',
        'Status',
        'Paid',
        'Updated',
      ]);
    });
  },
);
