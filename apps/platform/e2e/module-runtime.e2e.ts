import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BRIDGE_METHOD,
  ERROR_STATUS,
  type ModuleManifest,
  type ShellClaims,
} from '@aiconnected/sdk-contracts';
import { auditAccessibility, CLEAN_REPORT } from './support/accessibility';
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

// The module UI runtime and the gateway, end to end in Chromium (issue 11). The `hello` example
// module runs here on a free loopback port (its own origin, told the app's origin and JWKS URL);
// super imports its manifest (pointing there, through the API: modules.e2e.ts covers the
// import screen), Northwind's agency admin installs and enables it in Northwind Dental and
// grants `hello.greeting.read` to its UI tokens on the Modules screen. Dental's business user
// opens it from the sidebar: the sandboxed frame on the module's origin shows their name and
// workspace (host:context), has resized itself, and its button's token round trip
// (module:request:token -> POST /api/modules/hello/token -> hello's /whoami, verified with the
// shell's JWKS) names them. Frames the module does not own post well-formed penpal/bridge
// messages at the shell and are ignored. The gateway greets the caller from its signed claims
// and forwards none of the identity headers the page forged. Disabled: the page and the gateway
// answer MODULE_NOT_ENABLED. Screens: axe and screenshots at 1280 and 390 px, light and dark
// (test-results/screenshots/runtime-*). Module-absent mode: modules.e2e.ts step 1.

const DENTAL = 'Northwind Dental';
const MEMBER_NAME = 'Drew Desk';
const PERMISSION = 'hello.greeting.read';
/** ModuleHost's frame height until the module asks for another (module-host.tsx). */
const DEFAULT_FRAME_HEIGHT = 600;

let hello: ChildProcess | undefined;
let helloOrigin: string;
let helloPort: number;
let files: string;
let manifestFile: string;
beforeAll(async () => {
  helloPort = await findFreePort();
  helloOrigin = `http://127.0.0.1:${helloPort}`;
  files = await mkdtemp(path.join(tmpdir(), 'e2e-module-runtime-'));
  const manifest = JSON.parse(
    await readFile(path.join(HELLO_DIR, 'manifest.json'), 'utf8'),
  ) as ModuleManifest;
  manifestFile = path.join(files, 'manifest.json');
  const served: ModuleManifest = {
    ...manifest,
    frontend: { entryUrl: `${helloOrigin}/ui` },
    runtime: { ...manifest.runtime, target: { ...manifest.runtime.target, baseUrl: helloOrigin } },
  };
  await writeFile(manifestFile, `${JSON.stringify(served, null, 2)}\n`);
});
afterAll(async () => {
  if (hello) await stopProcessGroup(hello);
  if (files) await rm(files, { recursive: true, force: true });
});

/** The module's frame in the shell page, and what runs in it. */
function moduleFrame(page: Page): FrameLocator {
  return page.frameLocator('[data-testid="module-frame"]');
}

/** The frame element's rendered height in CSS pixels. */
function frameHeight(page: Page): Promise<number> {
  return page.getByTestId('module-frame').evaluate((frame) => frame.getBoundingClientRect().height);
}

/**
 * The frame's height once it is the module page's own (the module resizes its frame to its
 * content; after a viewport change that takes a bridge round trip).
 */
async function settledFrameHeight(page: Page): Promise<number> {
  const content = () =>
    moduleFrame(page)
      .locator('html')
      .evaluate((root) => root.getBoundingClientRect().height);
  await expect
    .poll(async () => Math.abs((await frameHeight(page)) - (await content())))
    .toBeLessThanOrEqual(1);
  return frameHeight(page);
}

/** The frame named `name` once the page has it (a cross-origin one attaches a moment later). */
async function frameNamed(page: Page, name: string): Promise<Frame> {
  const giveUpAt = Date.now() + 10_000;
  for (;;) {
    const frame = page.frame({ name });
    if (frame !== null) return frame;
    if (Date.now() > giveUpAt) throw new Error(`no frame named ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The JWT payload of a compact JWS (not verified here: hello's /greeting verifies). */
function payloadOf(jws: string): ShellClaims {
  const [, payload = ''] = jws.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ShellClaims;
}

/**
 * Well-formed messages of penpal 7 (and its deprecated v6 form) carrying bridge requests for a
 * token and a resize (to 1234 px), posted by `frame` to the shell window (its parent) as any
 * page could.
 */
async function postHostileMessages(frame: Frame): Promise<void> {
  await frame.evaluate((method) => {
    const token = { type: 'module:request:token', permissions: ['hello.greeting.read'] };
    const resize = { type: 'module:request:resize', height: 1234 };
    const penpal = { namespace: 'penpal', channel: undefined };
    const messages: unknown[] = [
      { ...penpal, type: 'SYN', participantId: 'hostile' },
      { ...penpal, type: 'ACK1', methodPaths: [] },
      ...[token, resize].map((request, index) => ({
        ...penpal,
        type: 'CALL',
        id: `hostile-${index}`,
        methodPath: [method],
        args: [request],
      })),
      ...[token, resize].map((request, index) => ({
        penpal: 'call',
        id: `hostile-v6-${index}`,
        methodName: method,
        args: [request],
      })),
    ];
    for (const message of messages) window.parent.postMessage(message, '*');
    // ACK2 hands over a port for the calls that follow (penpal 7's channel after the handshake).
    const { port1, port2 } = new MessageChannel();
    window.parent.postMessage({ ...penpal, type: 'ACK2' }, '*', [port2]);
    for (const [index, request] of [token, resize].entries()) {
      port1.postMessage({
        ...penpal,
        type: 'CALL',
        id: `hostile-port-${index}`,
        methodPath: [method],
        args: [request],
      });
    }
  }, BRIDGE_METHOD);
}

describe('module runtime: hello’s own interface in the shell, its bridge and the gateway', () => {
  let operator: Visitor;
  let agency: Visitor;
  let member: Visitor;
  let dentalId: string;
  let memberId: string;
  let modulePath: string;
  /** POST /api/modules/hello/token calls the business user's pages made. */
  const tokenCalls: string[] = [];
  setupJourney(
    'runtime',
    ['operator', 'agency', 'member'],
    (people) => {
      ({ operator, agency, member } = people);
      for (const visitor of [operator, agency, member]) visitor.page.setDefaultTimeout(30_000);
      member.page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/api/modules/hello/token'))
          tokenCalls.push(request.url());
      });
    },
    () => ({ alsoAllowed: [helloOrigin] }),
  );
  // hello trusts the app under test: its origin may frame hello's UI, its JWKS verifies tokens.
  beforeAll(async () => {
    hello = await startHello(helloPort, {
      SHELL_ORIGIN: member.origin,
      SHELL_JWKS_URL: `${member.origin}/.well-known/jwks.json`,
    });
  });

  it('1. super imports hello; the agency admin installs and enables it in Dental and grants hello.greeting.read to UI tokens', async () => {
    expect(await operator.open('/sign-in')).toBe(200);
    await signInAs(operator, 'super@demo.local', '/super');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as ModuleManifest;
    const imported = await operator.callApi('POST', '/api/modules/import', { manifest });
    expect(imported.status).toBe(201);

    expect(await member.open('/sign-in')).toBe(200);
    await signInAs(member, 'business-a1-user@demo.local', '/business');
    const session = await member.callApi('GET', '/api/auth/session');
    const body = session.body as { context: { workspace_id: string; user_id: string } };
    dentalId = body.context.workspace_id;
    memberId = body.context.user_id;
    modulePath = `/w/${dentalId}/m/hello`;

    expect(await agency.open('/sign-in')).toBe(200);
    await signInAs(agency, 'agency-a-admin@demo.local', '/agency');
    expect(await agency.open(`/modules?workspace=${dentalId}`)).toBe(200);
    const { page } = agency;
    await page.getByRole('heading', { level: 2, name: `Modules in ${DENTAL}` }).waitFor();
    const card = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { level: 3, name: 'Hello' }),
    });
    await card.getByRole('button', { name: 'Install Hello' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Hello' });
    await dialog.getByRole('button', { name: 'Install', exact: true }).click();
    await waitForToast(page, 'Hello is installed. Enable it to use it.');
    await dialog.waitFor({ state: 'hidden' });
    // The install answers the installation's first credentials, shown once (docs/events.md).
    const credentials = page.getByRole('dialog', { name: 'New credentials for Hello' });
    await credentials.getByRole('button', { name: 'I have stored them' }).click();
    await credentials.waitFor({ state: 'hidden' });
    await card.getByRole('button', { name: 'Enable Hello' }).click();
    await waitForToast(page, 'Hello is enabled.');
    await card.getByText('Healthy', { exact: true }).waitFor();

    // No token by default: the grant is off until the admin switches it on and saves.
    const grants = card.getByRole('list', { name: 'Hello: UI token permissions' });
    const grant = grants.getByRole('switch', { name: PERMISSION });
    expect(await grant.getAttribute('aria-checked')).toBe('false');
    await grant.click();
    await card.getByRole('button', { name: 'Save UI tokens of Hello' }).click();
    await waitForToast(page, 'Hello’s UI tokens may carry 1 permission here now.');
    await look(agency, 'runtime-01-granted');
    const available = await agency.callApi(
      'GET',
      `/api/modules/available?workspace_id=${dentalId}`,
    );
    const item = (
      available.body as { items: { module_key: string; token_permissions: string[] }[] }
    ).items.find((candidate) => candidate.module_key === 'hello');
    expect(item?.token_permissions).toStrictEqual([PERMISSION]);
  }, 180_000);

  it('2. the business user opens hello from the navigation: its frame shows them, resizes itself, and the token round trip names them', async () => {
    const { page } = member;
    expect(await member.open('/business')).toBe(200);
    const link = moduleLinks(page).filter({ hasText: 'Hello' });
    await link.click();
    await member.arriveAt(modulePath);
    await waitForHeading(page, 'Hello');
    await page.locator('[data-testid="module-host"][data-state="ready"]').waitFor();

    // A sandboxed frame on the module's own origin, never the shell's.
    const frame = page.getByTestId('module-frame');
    expect(
      await frame.evaluate((element: HTMLIFrameElement) => ({
        src: element.src,
        sandbox: element.getAttribute('sandbox'),
        referrerPolicy: element.referrerPolicy,
        allow: element.getAttribute('allow'),
        title: element.title,
      })),
    ).toStrictEqual({
      src: `${helloOrigin}/ui`,
      sandbox: 'allow-scripts allow-same-origin allow-forms',
      referrerPolicy: 'strict-origin',
      allow: '',
      title: 'Hello: Hello',
    });
    expect(new URL(helloOrigin).origin).not.toBe(member.origin);

    // host:context: the person and the workspace, as the shell knows them.
    const ui = moduleFrame(page);
    await ui.getByText('Connected to the shell.', { exact: true }).waitFor();
    expect(await ui.getByTestId('hello-user').innerText()).toBe(MEMBER_NAME);
    expect(await ui.getByTestId('hello-workspace').innerText()).toBe(`${DENTAL} (business)`);
    expect(await ui.getByTestId('hello-path').innerText()).toBe('/');

    // module:request:resize (autoResize): the frame is as tall as hello's page, not the default.
    await page.waitForFunction(
      ([height]) =>
        document.querySelector('[data-testid="module-frame"]')?.getBoundingClientRect().height !==
        height,
      [DEFAULT_FRAME_HEIGHT],
    );
    expect(await settledFrameHeight(page)).not.toBe(DEFAULT_FRAME_HEIGHT);

    // The token round trip: nothing until asked; one POST /token, hello's backend names the caller.
    expect(tokenCalls).toStrictEqual([]);
    await ui.getByRole('button', { name: 'Get a token and ask my backend who I am' }).click();
    await ui.getByTestId('hello-whoami').filter({ hasText: memberId }).waitFor();
    const whoami = JSON.parse(await ui.getByTestId('hello-whoami').innerText()) as Record<
      string,
      unknown
    >;
    expect(whoami).toStrictEqual({
      user_id: memberId,
      workspace_id: dentalId,
      role: 'business_user',
      permissions: [PERMISSION],
      expires_at: expect.any(String) as unknown,
    });
    const lifetime = Date.parse(whoami.expires_at as string) - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(60_000);
    expect(tokenCalls).toHaveLength(1);
    await look(member, 'runtime-02-module-page');
    // The module's own page in its frame, light and dark: axe finds nothing there either.
    const own = page.frames().find((candidate) => candidate.url() === `${helloOrigin}/ui`);
    if (own === undefined) throw new Error('the module frame is missing');
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      await own.waitForFunction(
        (scheme) => document.documentElement.style.colorScheme === scheme,
        colorScheme,
      );
      expect(await auditAccessibility(own), colorScheme).toStrictEqual(CLEAN_REPORT);
    }
  }, 180_000);

  it('3. frames the module does not own post penpal/bridge messages at the shell: ignored', async () => {
    const { page } = member;
    const heightBefore = await settledFrameHeight(page);
    const callsBefore = tokenCalls.length;
    // One frame on the shell's own origin (about:blank), one on the module's origin (its UI
    // again, so the origin is allowed but the window is not the module frame's).
    await page.evaluate((entry) => {
      for (const [name, src] of [
        ['hostile-blank', ''],
        ['hostile-module-origin', entry],
      ] as const) {
        const frame = document.createElement('iframe');
        frame.name = name;
        frame.title = name;
        if (src) frame.src = src;
        document.body.append(frame);
      }
    }, `${helloOrigin}/ui`);
    for (const name of ['hostile-blank', 'hostile-module-origin']) {
      const frame = await frameNamed(page, name);
      await frame.waitForLoadState('load');
      await postHostileMessages(frame);
    }

    // Give the host a moment to (not) act on them: no token asked, no resize.
    await page.waitForTimeout(1_000);
    expect(tokenCalls).toHaveLength(callsBefore);
    expect(await frameHeight(page)).toBe(heightBefore);

    // The module's own call afterwards still works (the bridge was not disturbed), and only
    // that call reaches the API.
    const ui = moduleFrame(page);
    const whoami = page.waitForResponse((response) => response.url() === `${helloOrigin}/whoami`);
    await ui.getByRole('button', { name: 'Get a token and ask my backend who I am' }).click();
    expect((await whoami).status()).toBe(200);
    expect(tokenCalls).toHaveLength(callsBefore + 1);
    await page.evaluate(() => {
      for (const frame of document.querySelectorAll('iframe[name^="hostile-"]')) frame.remove();
    });

    // The control: the very same messages from the module's own frame are answered (two
    // tokens, the frame 1234 px tall), so what the other frames sent was well-formed.
    const own = page.frames().find((frame) => frame.url() === `${helloOrigin}/ui`);
    if (own === undefined) throw new Error('the module frame is missing');
    await postHostileMessages(own);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="module-frame"]')?.getBoundingClientRect().height ===
        1234,
    );
    await expect.poll(() => tokenCalls.length).toBe(callsBefore + 3);
    // No console error from the host (nor from anything else on the page) through all that:
    // checked by the next screen, after a fresh load where the module connects again.
    expect(await member.open(modulePath)).toBe(200);
    await page.locator('[data-testid="module-host"][data-state="ready"]').waitFor();
    await member.screen('runtime-03-hostile-ignored');
  }, 120_000);

  it('4. the page calls hello through the gateway: greeted from the signed claims; forged identity headers never arrive', async () => {
    const forged = {
      'x-shell-claims': 'forged.claims.token',
      'x-shell-correlation-id': 'forged-correlation',
      'x-shell-user-id': 'forged-user',
      'x-forwarded-for': '203.0.113.66',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-prefix': '/forged',
      forwarded: 'for=203.0.113.66;host=evil.example',
      'x-real-ip': '203.0.113.66',
    };
    const answers = await member.page.evaluate(async (headers) => {
      const call = async (target: string, init: RequestInit = {}) => {
        const response = await fetch(target, { credentials: 'same-origin', ...init });
        return {
          status: response.status,
          serverTiming: response.headers.get('server-timing'),
          body: (await response.json()) as unknown,
        };
      };
      return {
        greeting: await call('/api/gateway/hello/greeting'),
        echo: await call('/api/gateway/hello/echo?from=e2e', { headers }),
      };
    }, forged);

    expect(answers.greeting).toStrictEqual({
      status: 200,
      serverTiming: expect.stringMatching(/^gateway;dur=[\d.]+, target;dur=[\d.]+$/) as unknown,
      body: {
        greeting: `Hello, user ${memberId} (business_user)`,
        workspace_id: dentalId,
        permissions: [PERMISSION],
      },
    });

    expect(answers.echo.status).toBe(200);
    const echo = answers.echo.body as {
      method: string;
      path: string;
      headers: Record<string, string>;
    };
    expect(echo.method).toBe('GET');
    expect(echo.path).toBe('/echo?from=e2e');
    const received = echo.headers;
    for (const name of ['cookie', 'authorization', 'x-shell-user-id', 'forwarded', 'x-real-ip'])
      expect(received[name], name).toBeUndefined();
    const appHost = new URL(member.origin).host;
    expect({
      correlationForged: received['x-shell-correlation-id'] === forged['x-shell-correlation-id'],
      for: received['x-forwarded-for'],
      host: received['x-forwarded-host'],
      proto: received['x-forwarded-proto'],
      prefix: received['x-forwarded-prefix'],
    }).toStrictEqual({
      correlationForged: false,
      for: '127.0.0.1',
      host: appHost,
      proto: 'http',
      prefix: '/api/gateway/hello',
    });
    // The one claims header is the shell's own: its JWS names the caller, bound to this call.
    const claimsHeader = received['x-shell-claims'] ?? '';
    expect(claimsHeader).not.toBe(forged['x-shell-claims']);
    expect(payloadOf(claimsHeader)).toMatchObject({
      iss: member.origin,
      aud: 'hello',
      sub: memberId,
      wid: dentalId,
      mod: 'hello',
      use: 'gateway',
      htm: 'GET',
      htu: '/echo',
      role: 'business_user',
      perms: [PERMISSION],
    });
  }, 60_000);

  it('5. the agency admin disables hello: the module page and the gateway answer MODULE_NOT_ENABLED', async () => {
    const card = agency.page.getByRole('listitem').filter({
      has: agency.page.getByRole('heading', { level: 3, name: 'Hello' }),
    });
    await card.getByRole('button', { name: 'Disable Hello' }).click();
    await waitForToast(agency.page, 'Hello is disabled.');
    await card.getByText('Disabled', { exact: true }).waitFor();

    const { page } = member;
    expect(await member.open(modulePath)).toBe(ERROR_STATUS.MODULE_NOT_ENABLED);
    await waitForHeading(page, 'This module is not enabled here');
    await page.getByText('MODULE_NOT_ENABLED', { exact: true }).waitFor();
    await page.getByText(`is installed in ${DENTAL} but switched off.`, { exact: false }).waitFor();
    expect(await page.getByTestId('module-frame').count()).toBe(0);
    const gateway = await member.callApi('GET', '/api/gateway/hello/greeting');
    expect(gateway).toStrictEqual({
      status: ERROR_STATUS.MODULE_NOT_ENABLED,
      body: errorEnvelope('MODULE_NOT_ENABLED', { module_key: 'hello', state: 'disabled' }),
    });
    const before = tokenCalls.length;
    await look(member, 'runtime-04-disabled', [
      statusLogged(member, modulePath, '403 (Forbidden)'),
      statusLogged(member, '/api/gateway/hello/greeting', '403 (Forbidden)'),
    ]);
    expect(tokenCalls).toHaveLength(before);
  }, 120_000);
});
