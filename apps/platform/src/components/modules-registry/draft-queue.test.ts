import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  ModuleAssessment,
  ModuleImportResult,
  ModuleRegistryEntry,
} from '@aiconnected/sdk-contracts';
import {
  requestKey,
  requestsTo,
  setupBrowserHarness,
  type StubAnswer,
} from '../testing/browser-harness';

// The super admin's draft review queue (`/modules/registry`, "Drafts to review") in Debian's
// Chromium: oldest draft first, Promote and Reject per draft, each through its dialog to
// `POST /api/modules/registry/{key}/versions/{version}/promote` or `/reject` {reason}, answered
// by the test. A refused promotion keeps the dialog open with the assessment report.

const ORIGIN = 'http://draft-queue.test';

function draft(key: string, name: string, version: string, createdAt: string): ModuleRegistryEntry {
  return {
    id: `00000000-0000-4000-8000-${version.replaceAll('.', '').padStart(12, '0')}`,
    module_key: key,
    version,
    name,
    description: `${name} draft`,
    status: 'draft',
    origin: 'import',
    is_current: false,
    paid: false,
    created_at: createdAt,
    registered_at: null,
    reviewed_at: null,
    review_note: null,
    counts: { blocking: 0, warning: 1 },
  };
}

// Given newest first: the queue lists them oldest first.
const DRAFTS = [
  draft('notes', 'Notes', '1.1.0', '2026-12-06T12:00:00Z'),
  draft('crm-lite', 'CRM Lite', '0.2.0', '2026-12-06T09:00:00Z'),
];

const HARNESS = `
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { DraftQueue } from './draft-queue';
createRoot(document.getElementById('root')).render(
  createElement('main', null, createElement(DraftQueue, { drafts: ${JSON.stringify(DRAFTS)} })),
);
`;
const ROUTER_STAND_IN = `
export const useRouter = () => ({ refresh() {}, push() {} });
export const usePathname = () => '/modules/registry';
`;

const PROMOTE = 'POST /api/modules/registry/notes/versions/1.1.0/promote';
const REJECT = 'POST /api/modules/registry/crm-lite/versions/0.2.0/reject';

const REFUSED: ModuleAssessment = {
  module_key: 'notes',
  version: '1.1.0',
  manifest_version: 1,
  outcome: 'rejected',
  error_code: 'MANIFEST_INCOMPATIBLE',
  counts: { blocking: 1, warning: 0 },
  findings: [
    {
      code: 'NAMESPACE_COLLISION',
      path: '/permissions/0',
      severity: 'blocking',
      message: 'crm-lite.contacts.read lies in the namespace of crm-lite.',
      fix_hint: 'Use your own module id as the prefix.',
    },
  ],
};

const PROMOTED = {
  assessment: {
    ...REFUSED,
    outcome: 'accepted',
    error_code: null,
    counts: { blocking: 0, warning: 0 },
    findings: [],
  },
  registry_record: { ...DRAFTS[0], status: 'registered', is_current: true },
} as unknown as ModuleImportResult;

const harness = setupBrowserHarness({
  harness: HARNESS,
  resolveDir: path.dirname(fileURLToPath(import.meta.url)),
  routerStandIn: ROUTER_STAND_IN,
});

let page: Page;
let requests: Request[];
/** How the next promotion is answered. */
let promoteAnswer: StubAnswer;

beforeEach(async () => {
  promoteAnswer = { status: 200, json: PROMOTED };
  ({ page, requests } = await harness.open({
    origin: ORIGIN,
    api: (request) => {
      const key = requestKey(request);
      if (key === PROMOTE) return promoteAnswer;
      if (key === REJECT) return { status: 200, json: { ...DRAFTS[1], status: 'rejected' } };
      return undefined;
    },
  }));
  await page.getByRole('heading', { name: 'Drafts to review' }).waitFor();
});

const sent = (key: string) => {
  const [method, pathname] = key.split(' ') as [string, string];
  return requestsTo(requests, method, pathname);
};

describe('draft review queue', () => {
  it('lists the drafts oldest first, each with its counts, Promote and Reject', async () => {
    const items = page.getByRole('list', { name: 'Drafts to review' }).getByRole('listitem');
    const texts = (await items.allInnerTexts()).map((item) => item.replace(/\s+/g, ' ').trim());
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(
      /^CRM Lite 0\.2\.0 crm-lite · imported .* · 0 blocking findings, 1 warning/,
    );
    expect(texts[1]).toMatch(/^Notes 1\.1\.0 notes · imported .* · 0 blocking findings, 1 warning/);
    for (const name of ['CRM Lite 0.2.0', 'Notes 1.1.0']) {
      await page.getByRole('button', { name: `Promote ${name}`, exact: true }).waitFor();
      await page.getByRole('button', { name: `Reject ${name}`, exact: true }).waitFor();
    }
    expect(await items.first().getByRole('link').getAttribute('href')).toBe(
      '/modules/registry/crm-lite',
    );
  });

  it('promotes a draft through its dialog; a refusal keeps the dialog open with the report', async () => {
    promoteAnswer = {
      status: 422,
      json: {
        error: {
          code: 'MANIFEST_INCOMPATIBLE',
          message: 'The module manifest is incompatible with the registry.',
          details: { assessment: REFUSED },
          correlation_id: 'c-1',
        },
      },
    };
    await page.getByRole('button', { name: 'Promote Notes 1.1.0', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Promote Notes 1.1.0?' });
    await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
    const report = dialog.getByRole('region', { name: 'Assessment report' });
    await report.waitFor();
    expect((await report.innerText()).replace(/\s+/g, ' ')).toContain(
      'NAMESPACE_COLLISION at /permissions/0 crm-lite.contacts.read lies in the namespace of crm-lite. Fix: Use your own module id as the prefix.',
    );
    expect(sent(PROMOTE)).toHaveLength(1);

    promoteAnswer = { status: 200, json: PROMOTED };
    await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(sent(PROMOTE)).toHaveLength(2);
    expect(sent(REJECT)).toHaveLength(0);
  });

  it('rejects a draft only with a reason, and sends it trimmed', async () => {
    await page.getByRole('button', { name: 'Reject CRM Lite 0.2.0', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject CRM Lite 0.2.0?' });
    const submit = dialog.getByRole('button', { name: 'Reject draft' });
    expect(await submit.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason').fill('   ');
    expect(await submit.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason').fill('  Asks for more than it needs ');
    await submit.click();
    await dialog.waitFor({ state: 'detached' });
    expect(sent(REJECT).map((request) => request.postDataJSON())).toStrictEqual([
      { reason: 'Asks for more than it needs' },
    ]);
    expect(sent(PROMOTE)).toHaveLength(0);
  });
});
