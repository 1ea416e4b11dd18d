import { describe, expect, it } from 'vitest';
import { createTestApi } from '@/server/api/testing';

interface OpenApiOperation {
  tags?: string[];
  security?: unknown;
  responses: Record<string, unknown>;
}

/** Every path and method this layer adds, with a status its error responses must declare. */
const OPERATIONS = [
  ['/api/auth/sign-in', 'post', 'auth', '401'],
  ['/api/auth/sign-out', 'post', 'auth', '401'],
  ['/api/auth/session', 'get', 'auth', '401'],
  ['/api/auth/sessions', 'get', 'auth', '401'],
  ['/api/auth/sessions/{id}', 'delete', 'auth', '404'],
  ['/api/auth/impersonation/start', 'post', 'auth', '403'],
  ['/api/auth/impersonation/stop', 'post', 'auth', '401'],
  ['/api/auth/password/reset', 'post', 'auth', '429'],
  ['/api/auth/password/set', 'post', 'auth', '401'],
  ['/api/auth/invitations/accept', 'post', 'auth', '401'],
  ['/api/auth/email/verify', 'post', 'auth', '409'],
  ['/api/workspaces/switch', 'post', 'workspaces', '403'],
  ['/api/permissions/effective', 'get', 'permissions', '400'],
  ['/api/dev/mailbox', 'get', 'dev', '422'],
] as const;

describe('the OpenAPI document', () => {
  it('lists every auth, permissions, switch and (locally) mailbox operation with its errors', async () => {
    const { api } = createTestApi(null);

    const response = await api.request('/api/openapi.json');

    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    for (const [path, method, tag, errorStatus] of OPERATIONS) {
      const operation = document.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation?.tags).toStrictEqual([tag]);
      expect(Object.keys(operation?.responses ?? {}), `${method} ${path}`).toEqual(
        expect.arrayContaining(['200', '500', errorStatus]),
      );
    }
  });

  it('declares the session cookie and Bearer token on guarded routes and no security on sign-in', async () => {
    const { api } = createTestApi(null);
    const document = (await (await api.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, OpenApiOperation>>;
      components: { securitySchemes?: Record<string, unknown> };
    };
    expect(document.components.securitySchemes).toMatchObject({
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'shell_session' },
      bearerSession: { type: 'http', scheme: 'bearer' },
    });
    const either = [{ sessionCookie: [] }, { bearerSession: [] }];
    expect(document.paths['/api/permissions/effective']?.get?.security).toStrictEqual(either);
    expect(document.paths['/api/workspaces/switch']?.post?.security).toStrictEqual(either);
    expect(document.paths['/api/auth/sign-in']?.post?.security).toStrictEqual([]);
  });
});
