import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '@aiconnected/module-sdk';
import {
  ERROR_STATUS,
  SHELL_SDK_CONTRACT_VERSION,
  type ModuleManifest,
} from '@aiconnected/sdk-contracts';
import { REPO_ROOT } from '../scripts/lib/paths';
import { auditEveryVariant, expectClean } from './support/accessibility';
import { findFreePort } from './support/free-port';
import { signInAs, waitForHeading, waitForToast } from './support/identity-steps';
import { setupJourney } from './support/journey';
import {
  errorEnvelope,
  HELLO_DIR,
  look,
  moduleLinks,
  startHello,
  statusLogged,
} from './support/module-steps';
import { stopProcessGroup } from './support/process-group';
import type { Visitor } from './support/visitor';

// Modules, end to end (issue 10): on the journey's own fresh database the registry is empty
// (module-absent mode): super sees the empty state with the ways to import, nobody's sidebar
// has module links, the API answers MODULE_NOT_REGISTERED and so does the module page route.
// Super pastes an invalid manifest (the report lists each blocking finding with its fix, the
// registry stays empty), then uploads the `hello` example's manifest (its server runs here as a
// child process on a free port, the manifest copy points at it; accepted with one warning, as
// no registered module emits the notes event it consumes). Northwind's agency admin installs it
// in Northwind Dental (its credentials shown once) and enables it (health checked against that
// server); Dental's business user gets its navigation entry and opens its page; the agency
// admin grants its UI tokens a permission and takes it back (the card's switches); the agency
// admin disables it and the entry goes, the page answers MODULE_NOT_ENABLED. Every screen: axe
// and screenshots at 1280 and 390 px, light and dark (test-results/screenshots/modules-*).

const DENTAL = 'Northwind Dental';

let hello: ChildProcess | undefined;
let files: string;
let helloManifest: ModuleManifest;
let helloFile: string;
/** hello's manifest made invalid three ways (version, engines.shell, a navigation target). */
let invalidManifest: Record<string, unknown>;
beforeAll(async () => {
  const port = await findFreePort();
  hello = await startHello(port);
  files = await mkdtemp(path.join(tmpdir(), 'e2e-modules-'));
  const manifest = JSON.parse(
    await readFile(path.join(HELLO_DIR, 'manifest.json'), 'utf8'),
  ) as ModuleManifest;
  // Without its UI here (this journey is the registry's): the page shows that it has none.
  const { frontend: _frontend, ...withoutFrontend } = manifest;
  helloManifest = {
    ...withoutFrontend,
    runtime: {
      ...manifest.runtime,
      target: { ...manifest.runtime.target, baseUrl: `http://127.0.0.1:${port}` },
    },
  };
  helloFile = path.join(files, 'manifest.json');
  await writeFile(helloFile, `${JSON.stringify(helloManifest, null, 2)}\n`);
  invalidManifest = {
    ...helloManifest,
    version: '1.0',
    engines: { shell: '^9.0.0' },
    // Only blocking findings here: hello's consumed notes event would add a warning.
    events: { ...helloManifest.events, consumes: [] },
    admin: {
      ...helloManifest.admin,
      navigation: [{ label: 'Hello', path: '/missing', icon: 'hand', order: 100 }],
    },
  };
});
afterAll(async () => {
  if (hello) await stopProcessGroup(hello);
  if (files) await rm(files, { recursive: true, force: true });
});

describe('modules: from an empty registry to a module in a business’s navigation', () => {
  let operator: Visitor;
  let agency: Visitor;
  let member: Visitor;
  let dentalId: string;
  setupJourney('modules', ['operator', 'agency', 'member'], (people) => {
    ({ operator, agency, member } = people);
    // Imports, health checks and the first loads of a busy shared machine can take a while.
    for (const visitor of [operator, agency, member]) visitor.page.setDefaultTimeout(30_000);
  });

  it('1. module-absent mode: the empty registry explains how to import; no module links; MODULE_NOT_REGISTERED', async () => {
    expect(await operator.open('/sign-in')).toBe(200);
    await signInAs(operator, 'super@demo.local', '/super');
    expect(await operator.open('/modules/registry')).toBe(200);
    const { page } = operator;
    await waitForHeading(page, 'Modules');
    await page.getByRole('heading', { level: 2, name: 'Import a module' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'No modules yet' }).waitFor();
    for (const way of [
      'Upload its manifest.json file.',
      'Paste the manifest JSON.',
      'Give the http(s) URL the shell fetches it from.',
    ]) {
      await page.getByText(way, { exact: true }).waitFor();
    }
    await page
      .getByText('npx aiconnected-module validate manifest.json', { exact: true })
      .waitFor();
    await page.getByRole('link', { name: 'manifest JSON Schema' }).waitFor();
    await look(operator, 'modules-01-registry-empty');

    // The business user: no module links on its dashboard.
    expect(await member.open('/sign-in')).toBe(200);
    await signInAs(member, 'business-a1-user@demo.local', '/business');
    await member.page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await moduleLinks(member.page).count()).toBe(0);
    const session = await member.callApi('GET', '/api/auth/session');
    dentalId = (session.body as { context: { workspace_id: string } }).context.workspace_id;
    await look(member, 'modules-02-business-no-modules');

    // The agency admin: Modules is in its navigation (it may manage modules), but no module
    // link; the API knows no module to enable; its Installed tab says none is available yet.
    expect(await agency.open('/sign-in')).toBe(200);
    await signInAs(agency, 'agency-a-admin@demo.local', '/agency');
    expect(await moduleLinks(agency.page).count()).toBe(0);
    const enable = await agency.callApi('POST', '/api/modules/nope/enable', {
      workspace_id: dentalId,
    });
    expect(enable).toStrictEqual({
      status: ERROR_STATUS.MODULE_NOT_REGISTERED,
      body: errorEnvelope('MODULE_NOT_REGISTERED', { module_key: 'nope' }),
    });
    expect(await agency.open('/modules')).toBe(200);
    await waitForHeading(agency.page, 'Modules');
    await agency.page
      .getByRole('heading', { level: 2, name: 'No modules are available yet' })
      .waitFor();
    expect(await moduleLinks(agency.page).count()).toBe(0);
    await look(agency, 'modules-03-installed-empty', [
      statusLogged(agency, '/api/modules/nope/enable', '404 (Not Found)'),
    ]);

    // The module page route knows no module either.
    expect(await member.open(`/w/${dentalId}/m/nope`)).toBe(404);
    await waitForHeading(member.page, 'This module is not available');
    await member.page.getByText('MODULE_NOT_REGISTERED', { exact: true }).waitFor();
    await look(member, 'modules-04-page-not-registered', [
      statusLogged(member, `/w/${dentalId}/m/nope`, '404 (Not Found)'),
    ]);
  }, 240_000);

  it('2. super pastes an invalid manifest: each blocking finding with its fix; the registry is unchanged', async () => {
    const { page } = operator;
    expect(await operator.open('/modules/registry')).toBe(200);
    await page.getByRole('radio', { name: 'Paste JSON' }).check();
    await page.getByLabel('Manifest JSON').fill(JSON.stringify(invalidManifest, null, 2));
    await page.getByRole('button', { name: 'Import module' }).click();

    // What the import's own check says about it (the API and the CLI run the same assess).
    const expected = assess(invalidManifest, {
      shellVersion: SHELL_SDK_CONTRACT_VERSION,
      entries: [],
    });
    expect(expected.findings.map((finding) => finding.code).sort()).toStrictEqual([
      'NAVIGATION_TARGET_MISSING',
      'SDK_CONTRACT_INCOMPATIBLE',
      'SEMVER_INVALID',
    ]);
    const report = page.getByRole('region', { name: 'Assessment report' });
    await report.getByText('Refused (MANIFEST_INVALID): hello 1.0', { exact: true }).waitFor();
    await report.getByText('3 blocking findings, 0 warnings', { exact: true }).waitFor();
    const blocking = report.getByRole('list', { name: 'Blocking: fix these and import again' });
    const items = blocking.getByRole('listitem');
    expect(await items.count()).toBe(3);
    for (const finding of expected.findings) {
      const item = items.filter({ hasText: finding.code });
      await item.getByText(finding.path, { exact: true }).waitFor();
      await item.getByText(finding.message, { exact: true }).waitFor();
      await item.getByText(`Fix: ${finding.fix_hint}`, { exact: true }).waitFor();
    }
    // The refused import is the fetch's 422, which Chromium logs.
    await look(operator, 'modules-05-import-refused', [
      statusLogged(operator, '/api/modules/import', '422 (Unprocessable Entity)'),
    ]);

    // Nothing was stored: the registry (page and API) is still empty.
    const registry = await operator.callApi('GET', '/api/modules/registry');
    expect(registry.status).toBe(200);
    expect((registry.body as { items: unknown[] }).items).toStrictEqual([]);
    expect(await operator.open('/modules/registry')).toBe(200);
    await page.getByRole('heading', { level: 3, name: 'No modules yet' }).waitFor();
  }, 180_000);

  it('3. super uploads hello’s manifest: registered, its current version shown', async () => {
    const { page } = operator;
    await page.getByRole('radio', { name: 'Upload a file' }).check();
    await page.getByLabel('Manifest file').setInputFiles(helloFile);
    await page.getByRole('button', { name: 'Import module' }).click();
    await waitForToast(page, 'Hello 1.0.0 imported as registered.');
    await page.getByText('Hello 1.0.0 is registered.', { exact: false }).waitFor();
    // Accepted with one warning: hello consumes notes.note.created, and no registered module
    // emits it yet (the registry is empty), so the check warns without blocking.
    const expected = assess(helloManifest, {
      shellVersion: SHELL_SDK_CONTRACT_VERSION,
      entries: [],
    });
    expect(
      expected.findings.map(({ code, severity, path: pointer }) => ({ code, severity, pointer })),
    ).toStrictEqual([
      { code: 'EVENT_CONSUMED_UNKNOWN', severity: 'warning', pointer: '/events/consumes/0/name' },
    ]);
    const report = page.getByRole('region', { name: 'Assessment report' });
    await report.getByText('Accepted: hello 1.0.0', { exact: true }).waitFor();
    await report.getByText('0 blocking findings, 1 warning', { exact: true }).waitFor();
    expect(await report.getByText('No findings', { exact: false }).count()).toBe(0);
    const warnings = report.getByRole('list', { name: 'Warnings' }).getByRole('listitem');
    expect(await warnings.count()).toBe(1);
    for (const finding of expected.findings) {
      await warnings.getByText(finding.code, { exact: true }).waitFor();
      await warnings.getByText(finding.path, { exact: true }).waitFor();
      await warnings.getByText(finding.message, { exact: true }).waitFor();
      await warnings.getByText(`Fix: ${finding.fix_hint}`, { exact: true }).waitFor();
    }
    // The registry lists it (the table from sm up) with its current version.
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^Hello/ }) });
    await row.getByRole('cell', { name: '1.0.0', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'No modules yet' }).count()).toBe(0);
    await look(operator, 'modules-06-imported');

    await row.getByRole('link', { name: /^Hello/ }).click();
    await operator.arriveAt('/modules/registry/hello');
    await page.getByRole('heading', { level: 2, name: 'Hello' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Versions' }).waitFor();
    await look(operator, 'modules-07-registry-hello');
  }, 180_000);

  it('4. the agency admin installs hello in Northwind Dental and enables it: enabled, healthy', async () => {
    const { page } = agency;
    expect(await agency.open('/modules')).toBe(200);
    await page
      .getByLabel('Workspace', { exact: true })
      .selectOption({ label: `${DENTAL} (business)` });
    await page.waitForURL(`**/modules?workspace=${dentalId}`);
    await page.getByRole('heading', { level: 2, name: `Modules in ${DENTAL}` }).waitFor();
    const card = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { level: 3, name: 'Hello' }),
    });
    await card.getByText('Not installed', { exact: true }).waitFor();
    await look(agency, 'modules-08-dental-available');

    await card.getByRole('button', { name: 'Install Hello' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Hello' });
    await dialog.getByText('Installs version 1.0.0 in this workspace', { exact: false }).waitFor();
    await agency.screen('modules-09-install-dialog');
    expectClean(await auditEveryVariant(page, 'modules-09-install-dialog'));
    await dialog.getByRole('button', { name: 'Install', exact: true }).click();
    await waitForToast(page, 'Hello is installed. Enable it to use it.');
    await dialog.waitFor({ state: 'hidden' });
    // The install answers the installation's first credentials, shown once (docs/events.md):
    // an API key (to emit events) and a webhook signing secret (to verify what it is sent).
    const credentials = page.getByRole('dialog', { name: 'New credentials for Hello' });
    await credentials
      .getByRole('heading', { name: 'Copy them now: you will not see them again' })
      .waitFor();
    for (const [label, prefix] of [
      ['API key', /^aicm_/],
      ['Webhook signing secret', /^whsec_/],
    ] as const) {
      const secret = credentials.getByLabel(label, { exact: true });
      expect(await secret.inputValue()).toMatch(prefix);
      expect(await secret.getAttribute('readonly')).not.toBeNull();
    }
    await agency.screen('modules-09a-credentials-dialog');
    expectClean(await auditEveryVariant(page, 'modules-09a-credentials-dialog'));
    await credentials.getByRole('button', { name: 'I have stored them' }).click();
    await credentials.waitFor({ state: 'hidden' });
    await card.getByText('Installed, off', { exact: true }).waitFor();

    await card.getByRole('button', { name: 'Enable Hello' }).click();
    await waitForToast(page, 'Hello is enabled.');
    await card.getByText('Enabled', { exact: true }).waitFor();
    await card.getByText('Healthy', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Disable Hello' }).waitFor();
    await look(agency, 'modules-10-enabled');
  }, 180_000);

  it('5. the business user gets hello in its navigation and opens its page', async () => {
    const { page } = member;
    expect(await member.open('/business')).toBe(200);
    const links = moduleLinks(page);
    await links.first().waitFor();
    expect(await links.allInnerTexts()).toStrictEqual(['Hello']);
    expect(await links.first().getAttribute('href')).toBe(`/w/${dentalId}/m/hello`);
    await look(member, 'modules-11-business-navigation');

    await links.first().click();
    await member.arriveAt(`/w/${dentalId}/m/hello`);
    await waitForHeading(page, 'Hello');
    await page.getByText('Hello has no interface of its own', { exact: true }).waitFor();
    expect(await links.first().getAttribute('aria-current')).toBe('page');
    expect(await member.open(`/w/${dentalId}/m/hello`)).toBe(200);
    await waitForHeading(page, 'Hello');
    await look(member, 'modules-12-module-page');
  }, 180_000);

  it('5a. the agency admin grants hello’s UI tokens a permission by keyboard, then takes it back', async () => {
    const { page } = agency;
    expect(await agency.open(`/modules?workspace=${dentalId}`)).toBe(200);
    const card = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { level: 3, name: 'Hello' }),
    });
    const tokens = card.getByRole('region', { name: 'UI tokens of Hello' });
    await tokens.getByText('No token by default:', { exact: false }).waitFor();
    const grant = tokens.getByRole('switch', { name: 'hello.greeting.read' });
    const save = tokens.getByRole('button', { name: 'Save UI tokens of Hello' });
    expect(await grant.getAttribute('aria-checked')).toBe('false');
    expect(await save.isDisabled()).toBe(true);
    await look(agency, 'modules-12a-ui-tokens-none');

    // Space turns the switch on, Tab reaches Save, Enter saves.
    await grant.focus();
    await page.keyboard.press('Space');
    expect(await grant.getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await save.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await waitForToast(page, 'Hello’s UI tokens may carry 1 permission here now.');
    expect(await agency.open(`/modules?workspace=${dentalId}`)).toBe(200);
    expect(await grant.getAttribute('aria-checked')).toBe('true');
    expect(await save.isDisabled()).toBe(true);
    const available = await page.evaluate(async (id) => {
      const response = await fetch(`/api/modules/available?workspace_id=${id}`);
      return (await response.json()) as {
        items: { module_key: string; token_permissions: string[] }[];
      };
    }, dentalId);
    expect(
      available.items.find((item) => item.module_key === 'hello')?.token_permissions,
    ).toStrictEqual(['hello.greeting.read']);
    await look(agency, 'modules-12b-ui-tokens-granted');

    await grant.click();
    await save.click();
    await waitForToast(page, 'Hello gets no UI tokens here now.');
    expect(await agency.open(`/modules?workspace=${dentalId}`)).toBe(200);
    expect(await grant.getAttribute('aria-checked')).toBe('false');
  }, 180_000);

  it('6. the agency admin disables it: the entry leaves the navigation, the page answers MODULE_NOT_ENABLED', async () => {
    const card = agency.page.getByRole('listitem').filter({
      has: agency.page.getByRole('heading', { level: 3, name: 'Hello' }),
    });
    await card.getByRole('button', { name: 'Disable Hello' }).click();
    await waitForToast(agency.page, 'Hello is disabled.');
    await card.getByText('Disabled', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Enable Hello' }).waitFor();
    await look(agency, 'modules-13-disabled');

    const { page } = member;
    expect(await member.open('/business')).toBe(200);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await moduleLinks(page).count()).toBe(0);
    expect(await member.open(`/w/${dentalId}/m/hello`)).toBe(403);
    await waitForHeading(page, 'This module is not enabled here');
    await page.getByText('MODULE_NOT_ENABLED', { exact: true }).waitFor();
    await page.getByText(`is installed in ${DENTAL} but switched off.`, { exact: false }).waitFor();
    await look(member, 'modules-14-page-not-enabled', [
      statusLogged(member, `/w/${dentalId}/m/hello`, '403 (Forbidden)'),
    ]);
  }, 180_000);
  it('7. the screens polished after the probe: registry list first, contracts with keys, the agency policy switch, a paid module’s install dialog', async () => {
    // The registry with modules: the list first, the import form behind "Import a module".
    const { page } = operator;
    expect(await operator.open('/modules/registry')).toBe(200);
    const toggle = page.getByRole('button', { name: 'Import a module' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('heading', { level: 2, name: 'Import a module' }).count()).toBe(0);
    await look(operator, 'modules-15-registry-list-first');
    await toggle.click();
    await page.getByRole('heading', { level: 2, name: 'Import a module' }).waitFor();
    await look(operator, 'modules-16-registry-import-open');

    // notes (paid, a config enum) registered through the API; its service need not run to install.
    const notes = JSON.parse(
      await readFile(path.join(REPO_ROOT, 'examples/modules/notes/manifest.json'), 'utf8'),
    ) as ModuleManifest;
    expect(
      (await operator.callApi('POST', '/api/modules/import', { manifest: notes })).status,
    ).toBe(201);
    expect(await operator.open('/modules/contracts')).toBe(200);
    const compatibility = page.getByRole('list', { name: 'Compatibility of registered modules' });
    await compatibility.getByText('notes', { exact: true }).waitFor();
    await compatibility.getByText('hello', { exact: true }).waitFor();
    await look(operator, 'modules-17-contracts-keys');

    // The agency's own workspace: the policy switch at the top of the Installed tab.
    expect(await agency.open('/modules')).toBe(200);
    const policy = agency.page.getByRole('switch', { name: 'Businesses may manage their modules' });
    await policy.waitFor();
    expect(await policy.getAttribute('aria-checked')).toBe('false');
    await look(agency, 'modules-18-agency-policy-switch');
    await policy.click();
    await waitForToast(agency.page, 'Businesses may now manage their own modules.');
    expect(await policy.getAttribute('aria-checked')).toBe('true');
    await policy.press('Space');
    await waitForToast(agency.page, 'Only the agency manages its businesses’ modules now.');
    expect(await policy.getAttribute('aria-checked')).toBe('false');

    // Dental: notes' card (Not installed, Health unknown, Paid) and its install dialog.
    expect(await agency.open(`/modules?workspace=${dentalId}`)).toBe(200);
    const card = agency.page.getByRole('listitem').filter({
      has: agency.page.getByRole('heading', { level: 3, name: 'Notes' }),
    });
    await card.getByText('Paid', { exact: true }).waitFor();
    await look(agency, 'modules-19-dental-notes-card');
    await card.getByRole('button', { name: 'Install Notes' }).click();
    const dialog = agency.page.getByRole('dialog', { name: 'Install Notes' });
    await dialog.getByText('enabling it needs an active subscription', { exact: false }).waitFor();
    const visibility = dialog.getByLabel('Default visibility');
    expect(await visibility.locator('option').allTextContents()).toStrictEqual([
      'Module default',
      'Private',
      'Workspace',
    ]);
    await agency.screen('modules-20-install-paid-dialog');
    expectClean(await auditEveryVariant(agency.page, 'modules-20-install-paid-dialog'));
  }, 240_000);
});
