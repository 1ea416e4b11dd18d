import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postcss from 'postcss';
import tailwindcss from 'tailwindcss';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import preset from '@aiconnected/ui/tailwind-preset';
import { setupBrowserHarness } from './testing/browser-harness';

// The audit log, the members table, one's sessions and a dashboard's workspaces fit a phone: at
// 390 px, inside the app layout's columns (app/(app)/layout.tsx) and a card, no table scrolls
// sideways; the audit log keeps time and what happened (the workspace under it, by name), the
// members table the name (email under it), the role (status under it) and the row's actions, the
// sessions table the device (last active and IP under it) and its button, the workspace table
// the name (status and creation under it) and its buttons. From `sm` up every column shows.

const here = path.dirname(fileURLToPath(import.meta.url));
const ui = path.resolve(here, '../../../../packages/ui');
const COMPONENTS = [
  'audit/audit-log-table',
  'users/users-table',
  'users/user-row-actions',
  'account/sessions-table',
  'workspaces/workspace-table',
  'workspaces/invite-member-dialog',
  'workspaces/impersonate-dialog',
];

const HARNESS = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Card, CardContent } from '@aiconnected/ui';
import { AuditLogTable } from './audit/audit-log-table';
import { UsersTable } from './users/users-table';
import { SessionsTable } from './account/sessions-table';
import { WorkspaceTable } from './workspaces/workspace-table';
const card = (table) => h(Card, null, h(CardContent, { className: 'pt-6' }, table));
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
          inviteRoles: ['business_admin', 'business_user'], empty: 'No businesses yet.' }))))));
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

const harness = setupBrowserHarness({
  harness: HARNESS,
  resolveDir: here,
  routerStandIn: ROUTER_STAND_IN,
});
let css = '';
let page: Page;

beforeAll(async () => {
  const globals = path.join(ui, 'src/globals.css');
  const result = await postcss([
    tailwindcss({
      presets: [preset],
      content: [
        { raw: HARNESS, extension: 'ts' },
        ...COMPONENTS.map((file) => path.join(here, `${file}.tsx`)),
        path.join(ui, 'src/components/*.tsx'),
      ],
    }),
  ]).process(await readFile(globals, 'utf8'), { from: globals });
  css = result.css;
}, 60_000);

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
  });
  ({ page } = await harness.open({
    origin: ORIGIN,
    html: (url) =>
      url.pathname === '/'
        ? `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><style>${css}</style></head><body><script type="application/json" id="data">${data}</script><div id="root"></div><script src="/app.js"></script></body></html>`
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
