import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModuleAssessment, ModuleImportResult } from '@aiconnected/sdk-contracts';
import {
  requestKey,
  requestsTo,
  setupBrowserHarness,
  type StubAnswer,
} from '../testing/browser-harness';

// The import card in Debian's Chromium (a static render cannot type, pick a source or submit):
// bundled with a page that shows it; `POST /api/modules/import` is answered by the test. Next's
// router is a stand-in (the card only calls refresh and push after a success).

const ORIGIN = 'http://import-module-card.test';
const HARNESS = `
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { ImportModuleCard } from './import-module-card';
createRoot(document.getElementById('root')).render(createElement('main', null, createElement(ImportModuleCard)));
`;
const ROUTER_STAND_IN = `
export const useRouter = () => ({ refresh() {}, push() {} });
export const usePathname = () => '/modules/registry';
`;

const REFUSED: ModuleAssessment = {
  module_key: 'hello',
  version: '1.0.0',
  manifest_version: 1,
  outcome: 'rejected',
  error_code: 'MANIFEST_INVALID',
  counts: { blocking: 1, warning: 1 },
  findings: [
    {
      code: 'MANIFEST_VERSION_MISSING',
      path: '',
      severity: 'warning',
      message: 'manifestVersion is absent and read as 1.',
      fix_hint: 'Add "manifestVersion": 1.',
    },
    {
      code: 'FIELD_UNKNOWN',
      path: '/admin/pagez',
      severity: 'blocking',
      message: 'Unknown field pagez.',
      fix_hint: 'Did you mean "pages"?',
    },
  ],
};

const ACCEPTED = {
  assessment: {
    ...REFUSED,
    outcome: 'accepted',
    error_code: null,
    counts: { blocking: 0, warning: 0 },
    findings: [],
  },
  registry_record: {
    id: '00000000-0000-4000-8000-000000000001',
    module_key: 'hello',
    version: '1.0.0',
    name: 'Hello',
    description: 'Says hello.',
    status: 'draft',
    origin: 'import',
    is_current: false,
    paid: false,
    created_at: '2026-12-06T10:00:00Z',
    registered_at: null,
    reviewed_at: null,
    review_note: null,
  },
} as unknown as ModuleImportResult;

const harness = setupBrowserHarness({
  harness: HARNESS,
  resolveDir: path.dirname(fileURLToPath(import.meta.url)),
  routerStandIn: ROUTER_STAND_IN,
});

let page: Page;
let requests: Request[];
/** How the next import is answered. */
let answer: StubAnswer;
/** The import requests the page sent. */
const imports = () => requestsTo(requests, 'POST', '/api/modules/import');

beforeEach(async () => {
  answer = { status: 201, json: ACCEPTED };
  ({ page, requests } = await harness.open({
    origin: ORIGIN,
    api: (request) => (requestKey(request) === 'POST /api/modules/import' ? answer : undefined),
  }));
  await page.getByRole('heading', { name: 'Import a module' }).waitFor();
});

describe('import module card', () => {
  it('says where pasted JSON breaks (line and column) and sends nothing', async () => {
    await page.getByLabel('Paste JSON').check();
    const field = page.getByLabel('Manifest JSON');
    await field.fill('{\n  "id": "hello",\n}');
    await page.getByRole('button', { name: 'Import module' }).click();
    await page.getByText('Not valid JSON at line 3, column 1: unexpected "}".').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(imports()).toHaveLength(0);
  });

  it('shows the report of a refused import: blocking findings first, then warnings', async () => {
    answer = {
      status: 422,
      json: {
        error: {
          code: 'MANIFEST_INVALID',
          message: 'The module manifest is invalid.',
          details: { assessment: REFUSED },
          correlation_id: 'c-1',
        },
      },
    };
    await page.getByLabel('Paste JSON').check();
    await page.getByLabel('Manifest JSON').fill('{"id": "hello", "admin": {"pagez": []}}');
    await page.getByRole('button', { name: 'Import module' }).click();
    const report = page.getByRole('region', { name: 'Assessment report' });
    await report.waitFor();
    expect(await page.getByRole('alert').innerText()).toBe('The module manifest is invalid.');
    const items = await report.getByRole('listitem').allInnerTexts();
    expect(items.map((item) => item.replace(/\s+/g, ' ').trim())).toStrictEqual([
      'Blocking: FIELD_UNKNOWN at /admin/pagez Unknown field pagez. Fix: Did you mean "pages"?',
      'Warning: MANIFEST_VERSION_MISSING at (whole manifest) manifestVersion is absent and read as 1. Fix: Add "manifestVersion": 1.',
    ]);
    expect(imports()[0]?.postDataJSON()).toStrictEqual({
      manifest: { id: 'hello', admin: { pagez: [] } },
    });
  });

  it('imports from a URL as a draft, with progress while the shell fetches it', async () => {
    answer = { status: 201, json: ACCEPTED, delayMs: 600 };
    await page.getByLabel('From a URL').check();
    await page.getByLabel('Manifest URL').fill('https://modules.example.com/hello/manifest.json');
    await page.getByLabel('Import as draft').check();
    await page.getByRole('button', { name: 'Import module' }).click();
    await page.getByText('Fetching and checking the manifest…').waitFor();
    expect(
      await page.getByRole('button', { name: 'Import module' }).getAttribute('aria-busy'),
    ).toBe('true');
    await page.getByRole('link', { name: 'Open Hello in the registry' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain(
      'Hello 1.0.0 is a draft, waiting for review.',
    );
    expect(await page.getByRole('region', { name: 'Assessment report' }).innerText()).toContain(
      'No findings: the manifest passed every check.',
    );
    expect(imports().map((request) => request.postDataJSON())).toStrictEqual([
      { package_uri: 'https://modules.example.com/hello/manifest.json', draft: true },
    ]);
  });

  it('reads an uploaded manifest file in the browser and sends it as JSON', async () => {
    await page.getByLabel('Manifest file').setInputFiles({
      name: 'manifest.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"id": "hello", "version": "1.0.0"}'),
    });
    await page.getByRole('button', { name: 'Import module' }).click();
    await page.getByRole('link', { name: 'Open Hello in the registry' }).waitFor();
    expect(imports().map((request) => request.postDataJSON())).toStrictEqual([
      { manifest: { id: 'hello', version: '1.0.0' } },
    ]);
  });

  it('names the file and the place when an uploaded file is not JSON', async () => {
    await page.getByLabel('Manifest file').setInputFiles({
      name: 'manifest.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"id": hello}'),
    });
    await page.getByRole('button', { name: 'Import module' }).click();
    await page
      .getByText('manifest.json: Not valid JSON at line 1, column 8: unexpected "h".')
      .waitFor();
    expect(imports()).toHaveLength(0);
  });
});
