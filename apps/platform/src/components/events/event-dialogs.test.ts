import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  EventDetailView,
  EventView,
  InstallationCredentialView,
  IssuedCredentials,
  ModuleAvailability,
} from '@aiconnected/sdk-contracts';
import {
  requestKey,
  requestsTo,
  setupBrowserHarness,
  type StubAnswer,
} from '../testing/browser-harness';

// The events monitor's dialogs, the credentials dialog and the module card's install, upgrade
// and uninstall dialogs in Debian's Chromium, used by keyboard and mouse (a static render cannot
// open a dialog or send a request): bundled with a page that shows them; the API is answered by
// the test, which records each request. Next's router is a stand-in (the components only call
// refresh after a success).

const ORIGIN = 'http://event-dialogs.test';
const WORKSPACE = '00000000-0000-4000-8000-0000000000aa';
const HARNESS = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Toaster } from '@aiconnected/ui';
import { EventList } from './event-list';
import { ReplayDialog } from './replay-dialog';
import { ModuleCredentials } from '../modules/module-credentials';
import { ModuleCard } from '../modules/module-card';
const workspaceId = '${WORKSPACE}';
const event = JSON.parse(document.getElementById('event').textContent);
const cards = JSON.parse(document.getElementById('cards').textContent);
const abilities = { install: true, enable: true, disable: true };
createRoot(document.getElementById('root')).render(h('main', null,
  h('ul', null, cards.map((item) => h(ModuleCard, { key: item.module_key, item, workspaceId, abilities }))),
  h(EventList, { firstPage: { items: [event], next_cursor: null }, query: 'workspace_id=' + workspaceId, workspaceId }),
  h(ReplayDialog, { workspaceId, moduleKeys: ['crm-lite', 'hello'] }),
  h('ul', null, h('li', null, h(ModuleCredentials, { moduleKey: 'hello', moduleName: 'Hello', workspaceId, installIssued: null, onInstallIssuedShown() {} }))),
  h(Toaster, null)));
`;
const ROUTER_STAND_IN = `export const useRouter = () => ({ refresh() {}, push() {} });`;

const DELIVERY = {
  id: '11111111-1111-4111-8111-111111111111',
  event_id: '22222222-2222-4222-8222-222222222222',
  module_key: 'hello',
  kind: 'event',
  action: null,
  state: 'dead_letter',
  attempts: 2,
  next_attempt_at: null,
  last_status: null,
  last_error: 'connect ECONNREFUSED',
  skip_reason: null,
  replays: 0,
  delivered_at: null,
  dead_lettered_at: '2026-12-07T10:05:00Z',
  skipped_at: null,
  behind_dead_letter: false,
} as const;
const EVENT: EventView = {
  id: '22222222-2222-4222-8222-222222222222',
  workspace_id: WORKSPACE,
  event_name: 'notes.note.created',
  source: '/modules/notes',
  stream: 'default',
  sequence: '00000000000000000003',
  correlation_id: 'req-1',
  occurred_at: '2026-12-07T10:00:00Z',
  recorded_at: '2026-12-07T10:00:00Z',
  delivery_state: 'dead_letter',
  payload: { id: 'n1' },
  deliveries: [DELIVERY],
};
const DETAIL: EventDetailView = {
  ...EVENT,
  deliveries: [
    {
      ...DELIVERY,
      attempts_log: [
        {
          attempt: 1,
          started_at: '2026-12-07T10:00:00Z',
          duration_ms: 3,
          response_status: null,
          outcome: 'unreachable',
          error: 'connect ECONNREFUSED',
        },
        {
          attempt: 2,
          started_at: '2026-12-07T10:00:05Z',
          duration_ms: 12,
          response_status: 503,
          outcome: 'failed',
          error: null,
        },
      ],
    },
  ],
};
const CREDENTIALS: InstallationCredentialView[] = [
  {
    id: '33333333-3333-4333-8333-333333333333',
    kind: 'api_key',
    prefix: 'aicm_Xy7Q',
    created_at: '2026-12-07T10:00:00Z',
    expires_at: null,
    revoked_at: null,
    active: true,
  },
];
const ISSUED: IssuedCredentials = {
  webhook_secret: {
    id: '44444444-4444-4444-8444-444444444444',
    prefix: 'whsec_Mm',
    secret: 'whsec_MmSECRETvalue',
  },
  previous_expire_at: '2026-12-09T10:00:00Z',
};

/** Two module cards: one to install, one installed with an upgrade waiting. */
const CARDS: ModuleAvailability[] = (['notes', 'crm-lite'] as const).map((key) => ({
  module_key: key,
  name: key === 'notes' ? 'Notes' : 'CRM Lite',
  description: '',
  state: key === 'notes' ? 'not_installed' : 'installed',
  version: key === 'notes' ? null : '1.0.0',
  previous_version: null,
  current_version: key === 'notes' ? '1.0.0' : '1.1.0',
  upgrade_available: key !== 'notes',
  paid: false,
  config_schema: { type: 'object', properties: {} },
  health: {
    status: 'healthy',
    checked_at: null,
    http_status: null,
    latency_ms: null,
    detail: null,
    breaker: { state: 'closed', ejections: 0, open_until: null, changed_at: null },
  },
  token_permissions: [],
  requestable_permissions: [],
  navigation: [],
  blocked_by: null,
}));

const harness = setupBrowserHarness({
  harness: HARNESS,
  resolveDir: path.dirname(fileURLToPath(import.meta.url)),
  routerStandIn: ROUTER_STAND_IN,
});

let page: Page;
/** The API requests the page sent; `answers` says how each path is answered. */
let requests: Request[];
let answers: Record<string, StubAnswer>;

beforeEach(async () => {
  answers = {
    [`GET /api/events/${EVENT.id}`]: { status: 200, json: DETAIL },
    'GET /api/modules/hello/credentials': { status: 200, json: { items: CREDENTIALS } },
    'POST /api/modules/hello/credentials': { status: 201, json: ISSUED },
    'POST /api/events/replay': { status: 200, json: { replayed: 12 } },
    'GET /api/modules/crm-lite/credentials': { status: 200, json: { items: [] } },
    'POST /api/modules/notes/install': { status: 200, json: { module_key: 'notes' } },
  };
  ({ page, requests } = await harness.open({
    origin: ORIGIN,
    data: { event: EVENT, cards: CARDS },
    api: (request) => answers[requestKey(request)],
  }));
  await page.getByText('aicm_Xy7Q…').waitFor();
});

/** What the page sent to `METHOD /api/path`: each request's URL search and JSON body. */
const sent = (method: string, pathname: string) =>
  requestsTo(requests, method, pathname).map((request) => ({
    search: new URL(request.url()).search,
    body: request.postDataJSON() as unknown,
  }));

describe('events monitor and credentials dialogs, in a browser', { timeout: 120_000 }, () => {
  it('opens an event’s details from its name by keyboard, with every attempt; Escape returns focus', async () => {
    const name = page.getByRole('button', { name: 'notes.note.created: details' }).first();
    await name.focus();
    await page.keyboard.press('Enter');
    const sheet = page.getByRole('dialog', { name: 'notes.note.created' });
    const attempts = sheet.getByRole('list', { name: 'Attempts' });
    await attempts.waitFor();
    expect(
      (await attempts.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')),
    ).toStrictEqual([
      '#1 2026-12-07 10:00:00 UTC Unreachable 3 ms connect ECONNREFUSED',
      '#2 2026-12-07 10:00:05 UTC Failed HTTP 503 12 ms',
    ]);
    expect(sent('GET', `/api/events/${EVENT.id}`)).toStrictEqual([
      { search: `?workspace_id=${WORKSPACE}`, body: null },
    ]);
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    expect(await name.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('replays a time range (read as UTC) to one module and says how many were queued', async () => {
    await page.getByRole('button', { name: 'Replay…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay events' });
    await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
    await dialog.getByText('Name the stream to replay, e.g. default.').waitFor();
    expect(sent('POST', '/api/events/replay')).toStrictEqual([]);
    await dialog.getByLabel('A time range').check();
    await dialog.getByLabel('Recorded from (UTC)').fill('2026-12-07T09:00');
    await dialog.getByLabel('Until (UTC, not included)').fill('2026-12-07T10:30');
    await dialog.getByLabel('Only to').selectOption('hello');
    await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText('12 deliveries queued again, in order.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    const replay = page.getByRole('button', { name: 'Replay…' });
    await expect
      .poll(() => replay.evaluate((element) => element === document.activeElement))
      .toBe(true);
    expect(sent('POST', '/api/events/replay')).toStrictEqual([
      {
        search: '',
        body: {
          workspace_id: WORKSPACE,
          module_key: 'hello',
          from: '2026-12-07T09:00:00Z',
          to: '2026-12-07T10:30:00Z',
        },
      },
    ]);
  });

  it('says how many deliveries a too-large replay holds, and when nothing matches', async () => {
    answers['POST /api/events/replay'] = {
      status: 422,
      json: {
        error: {
          code: 'VALIDATION_BLOCKING',
          message: 'Too many.',
          details: { count: 12345 },
          correlation_id: 'c',
        },
      },
    };
    await page.getByRole('button', { name: 'Replay…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay events' });
    await dialog.getByLabel('Stream', { exact: true }).fill('default');
    await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
    await dialog
      .getByText(
        'That selection holds 12,345 deliveries; one replay takes at most 10,000. Narrow the range or pick one module.',
      )
      .waitFor();
    answers['POST /api/events/replay'] = { status: 200, json: { replayed: 0 } };
    await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
    await dialog
      .getByText('Nothing to replay: no delivery matches. Check the stream or the range.')
      .waitFor();
    expect(sent('POST', '/api/events/replay').map((request) => request.body)).toStrictEqual([
      { workspace_id: WORKSPACE, stream: 'default' },
      { workspace_id: WORKSPACE, stream: 'default' },
    ]);
  });

  it('issues a webhook secret with a 48 h overlap, shows it once, and forgets it on close', async () => {
    await page.getByRole('button', { name: 'Issue new credentials for Hello' }).click();
    const form = page.getByRole('dialog', { name: 'Issue new credentials for Hello' });
    await form.getByLabel('API key').uncheck();
    await form.getByLabel('Previous ones keep working for (hours)').fill('200');
    await form.getByRole('button', { name: 'Issue credentials' }).click();
    await form.getByText('The overlap is a whole number of hours from 0 to 168.').waitFor();
    await form.getByLabel('Previous ones keep working for (hours)').fill('48');
    await form.getByRole('button', { name: 'Issue credentials' }).click();
    const shown = page.getByRole('dialog', { name: 'New credentials for Hello' });
    await shown.getByText('Copy them now: you will not see them again').waitFor();
    expect(await shown.getByLabel('Webhook signing secret').inputValue()).toBe(
      'whsec_MmSECRETvalue',
    );
    await shown
      .getByText('The previous credentials keep working until 2026-12-09 10:00 UTC')
      .waitFor();
    expect(sent('POST', '/api/modules/hello/credentials')).toStrictEqual([
      {
        search: '',
        body: { workspace_id: WORKSPACE, kinds: ['webhook_secret'], overlap_hours: 48 },
      },
    ]);
    await shown.getByRole('button', { name: 'I have stored them' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain('whsec_MmSECRETvalue');
    const issue = page.getByRole('button', { name: 'Issue new credentials for Hello' });
    await expect
      .poll(() => issue.evaluate((element) => element === document.activeElement))
      .toBe(true);
    // The list is read again after the secrets are gone: once at load, once after closing.
    await expect.poll(() => sent('GET', '/api/modules/hello/credentials').length).toBe(2);
  });
});

describe('the module card’s dialogs, in a browser', { timeout: 120_000 }, () => {
  const focused = (locator: ReturnType<Page['getByRole']>) =>
    locator.evaluate((element) => element === document.activeElement);

  it('says in a compact empty state under Credentials that none are issued yet', async () => {
    const credentials = page.getByRole('region', { name: 'Credentials of CRM Lite' });
    const empty = credentials.getByRole('heading', { name: 'No credentials issued yet', level: 5 });
    await empty.waitFor();
    await credentials
      .getByText(
        'Issue new credentials so CRM Lite can emit events (API key) and check that the events it receives come from the shell (webhook signing secret).',
      )
      .waitFor();
    expect(await credentials.getByRole('list').count()).toBe(0);
    expect(await credentials.getByRole('button').allInnerTexts()).toStrictEqual([
      'Issue new credentials for CRM Lite',
    ]);
  });

  it('returns focus to Install, Upgrade and Uninstall when their dialog is dismissed', async () => {
    for (const [button, dialog] of [
      ['Install Notes', 'Install Notes'],
      ['Upgrade CRM Lite', 'Upgrade CRM Lite'],
      ['Uninstall CRM Lite', 'Uninstall CRM Lite?'],
    ] as const) {
      const opener = page.getByRole('button', { name: button });
      await opener.focus();
      await page.keyboard.press('Enter');
      const open = page.getByRole('dialog', { name: dialog });
      await open.waitFor();
      await page.keyboard.press('Escape');
      await open.waitFor({ state: 'detached' });
      await expect.poll(() => focused(opener), { message: button }).toBe(true);
    }
  });

  it('puts focus on the card’s name after an install went through (its buttons change)', async () => {
    await page.getByRole('button', { name: 'Install Notes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Notes' });
    await dialog.getByRole('button', { name: 'Install', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page.getByRole('heading', { name: 'Notes' }))).toBe(true);
    expect(sent('POST', '/api/modules/notes/install')).toHaveLength(1);
  });
});
