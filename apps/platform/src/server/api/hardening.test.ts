import { describe, expect, it } from 'vitest';
import { seedTwoAgencyTree, TREE_PASSWORD } from '@aiconnected/identity/testing';
import {
  bearer,
  createTestApi,
  expectError,
  jsonRequest,
  linkTokenFor,
  setupApiTestFixture,
  signInAs,
} from '@/server/api/testing';

const setup = setupApiTestFixture(seedTwoAgencyTree, async ({ api, tree }) => ({
  superToken: await signInAs(api, tree.users.superAdmin),
  agencyToken: await signInAs(api, tree.users.agencyAAdmin),
}));

/** Everything the requests below could change, to prove a refusal changed nothing. */
async function snapshot(): Promise<unknown> {
  const { rows } = await setup.database.admin.query(
    `select (select json_agg(json_build_object('id', id, 'name', name) order by id) from public.workspaces) as workspaces,
            (select json_agg(json_build_object('id', id, 'name', display_name) order by id) from public.users) as users,
            (select count(*)::int from public.sessions where impersonation_reason is not null) as impersonations,
            (select count(*)::int from public.audit_logs) as audit_rows`,
  );
  return rows[0];
}

/** One refused request's issue list: the field and a message, as the validation hook writes it. */
const issue = (path: string) => ({ issues: [{ path, message: expect.any(String) }] });

const HOSTILE_TEXT: [string, string, string][] = [
  ['a NUL', 'Northwind\u0000Dental', 'control_character'],
  ['a lone surrogate', 'Northwind \ud800 Dental', 'lone_surrogate'],
  ['a line feed', 'Northwind\nDental', 'control_character'],
  ['a right-to-left override', 'Northwind \u202elatneD', 'control_character'],
  ['only zero-width spaces', '\u200b\u200b\u200b\u200b', 'not_visible'],
];

describe('bad text answers 422 VALIDATION_BLOCKING and changes nothing', () => {
  it.each(HOSTILE_TEXT)('in a workspace name (%s)', async (_, name) => {
    const before = await snapshot();
    const created = await setup.api.request(
      '/api/workspaces',
      jsonRequest('POST', { type: 'agency', name }, bearer(setup.superToken)),
    );
    await expectError(created, 'VALIDATION_BLOCKING', issue('body.name'));
    const renamed = await setup.api.request(
      `/api/workspaces/${setup.tree.workspaces.agencyA.id}`,
      jsonRequest('PATCH', { name }, bearer(setup.agencyToken)),
    );
    await expectError(renamed, 'VALIDATION_BLOCKING', issue('body.name'));
    const child = await setup.api.request(
      `/api/workspaces/${setup.tree.workspaces.agencyA.id}/children`,
      jsonRequest('POST', { name, child_type: 'business' }, bearer(setup.agencyToken)),
    );
    await expectError(child, 'VALIDATION_BLOCKING', issue('body.name'));
    expect(await snapshot()).toStrictEqual(before);
  });

  it.each(HOSTILE_TEXT)('in a display name (%s)', async (_, name) => {
    const before = await snapshot();
    const response = await setup.api.request(
      `/api/users/${setup.tree.users.agencyAAdmin.id}`,
      jsonRequest('PATCH', { profile: { display_name: name } }, bearer(setup.agencyToken)),
    );
    await expectError(response, 'VALIDATION_BLOCKING', issue('body.profile.display_name'));
    expect(await snapshot()).toStrictEqual(before);
  });

  it.each(HOSTILE_TEXT)('in an impersonation reason (%s)', async (_, reason, problem) => {
    const before = await snapshot();
    const response = await setup.api.request(
      '/api/auth/impersonation/start',
      jsonRequest(
        'POST',
        { target_workspace_id: setup.tree.workspaces.agencyB.id, reason },
        bearer(setup.superToken),
      ),
    );
    await expectError(
      response,
      'VALIDATION_BLOCKING',
      { field: 'reason', min_length: 3, max_length: 500, problem },
      'Give a reason for impersonating in words, without control characters.',
    );
    expect(await snapshot()).toStrictEqual(before);
  });

  it.each(HOSTILE_TEXT)(
    'in the name given when accepting an invitation (%s)',
    async (_, name, problem) => {
      const email = `invitee-${problem}-${name.length}-${Date.now()}@example.test`;
      const invited = await setup.api.request(
        '/api/memberships',
        jsonRequest(
          'POST',
          { workspace_id: setup.tree.workspaces.agencyA.id, email, role_template: 'agency_user' },
          bearer(setup.agencyToken),
        ),
      );
      expect(invited.status, await invited.clone().text()).toBe(201);
      const token = await linkTokenFor(setup.api, email);
      const before = await snapshot();
      const response = await setup.api.request(
        '/api/auth/invitations/accept',
        jsonRequest('POST', { token, password: 'Tidal-okra-1957-violin', display_name: name }),
      );
      await expectError(
        response,
        'VALIDATION_BLOCKING',
        { field: 'display_name', reason: problem, max_length: 200 },
        'Enter a name of visible characters, without control characters.',
      );
      expect(await snapshot()).toStrictEqual(before);
    },
  );

  it.each([
    ['action=%00', 'query.action'],
    ['target_type=%00', 'query.target_type'],
    ['target_id=a%00b', 'query.target_id'],
    ['to=0000-01-01T00:00:00Z', 'query.to'],
    ['from=0000-12-31T23:59:59%2B01:00', 'query.from'],
  ])('in the audit log query ?%s', async (query, path) => {
    const response = await setup.api.request(`/api/audit-logs?${query}`, {
      headers: bearer(setup.superToken),
    });
    await expectError(response, 'VALIDATION_BLOCKING', issue(path));
  });

  it('still accepts names in any script, with emoji and joiners', async () => {
    const name = `Zoë’s Café 🇫🇷 عربي 👩‍💻 ${setup.tree.workspaces.agencyA.id.slice(0, 6)}`;
    const response = await setup.api.request(
      `/api/workspaces/${setup.tree.workspaces.agencyA.id}`,
      jsonRequest('PATCH', { name }, bearer(setup.agencyToken)),
    );
    expect(response.status, await response.clone().text()).toBe(200);
    expect(((await response.json()) as { workspace: { name: string } }).workspace.name).toBe(name);
  });
});

describe('request bodies over 1 MiB', () => {
  const oversized = JSON.stringify({
    email: 'someone@example.test',
    password: TREE_PASSWORD,
    padding: 'x'.repeat(1024 * 1024),
  });

  it('are refused with 413 PAYLOAD_TOO_LARGE from Content-Length, before parsing', async () => {
    const before = await snapshot();
    const response = await setup.api.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(oversized.length) },
      body: oversized,
    });
    await expectError(response, 'PAYLOAD_TOO_LARGE', { max_bytes: 1024 * 1024 });
    expect(await snapshot()).toStrictEqual(before);
  });

  it('are refused as they stream in when no length is given (chunked)', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 8 MiB in 64 KiB chunks: the limit must stop reading long before the end.
        if (sent >= 8 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await setup.api.request('/api/workspaces', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
        ...bearer(setup.superToken),
      },
      body,
      duplex: 'half',
    } as RequestInit);
    await expectError(response, 'PAYLOAD_TOO_LARGE', { max_bytes: 1024 * 1024 });
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });

  it('lets a body just under the limit through to validation', async () => {
    const response = await setup.api.request(
      '/api/auth/sign-in',
      jsonRequest('POST', { email: 'not-an-email', password: 'x'.repeat(1000 * 1000) }),
    );
    expect(response.status).toBe(422);
  });
});

describe('security headers of the API', () => {
  it('sends CSP, nosniff, Referrer-Policy and no-store with the sign-in token', async () => {
    const response = await setup.api.request(
      '/api/auth/sign-in',
      jsonRequest('POST', {
        email: setup.tree.users.businessA1Admin.email,
        password: TREE_PASSWORD,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('cache-control')).toBe('no-store');
    // Served over http here: no HSTS, which would pin a local site to https.
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends them with errors and the session too', async () => {
    for (const response of [
      await setup.api.request('/api/auth/session', { headers: bearer(setup.superToken) }),
      await setup.api.request('/api/no-such-route'),
      await setup.api.request('/api/auth/session'),
    ]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    }
  });

  it('keeps the API reference page its own policy and lets its assets be cached', async () => {
    const page = await setup.api.request('/api/docs');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const asset = await setup.api.request('/api/docs/assets/swagger-ui.css');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('adds HSTS when the site is served over https', async () => {
    const secure = createTestApi(setup.database.db, {
      config: { baseUrl: 'https://app.example.com' },
    }).api;
    const response = await secure.request('/api/health');
    expect(response.headers.get('strict-transport-security')).toBe(
      'max-age=15552000; includeSubDomains',
    );
  });
});

describe('the OpenAPI document', () => {
  it('states the body size limit', async () => {
    const response = await setup.api.request('/api/openapi.json');
    const document = (await response.json()) as { info: { description: string } };
    expect(document.info.description).toContain('Request bodies are limited to 1 MiB');
    expect(document.info.description).toContain('`PAYLOAD_TOO_LARGE` (HTTP 413)');
  });
});
