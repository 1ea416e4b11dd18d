import type { ApiApp } from '../context';
import { SESSION_SECURITY } from '../guard';
import { withAccessDescriptions } from '../http/access-document';
import packageJson from '../../../../package.json';

/**
 * OpenAPI 3.1's SPDX `identifier` (a `LicenseRef-` for a licence of our own); the generator's
 * 3.0 type does not name the field yet, hence a constant rather than a literal.
 */
const LICENSE = { name: 'Proprietary', identifier: 'LicenseRef-aiConnected-Proprietary' };

/** The document's title; clients and the docs page show it. */
export const API_TITLE = 'aiConnected Core Shell API';

type OpenApiDocument = ReturnType<ApiApp['getOpenAPI31Document']>;

/**
 * The OpenAPI 3.1 document of `api`, generated on request from the zod schemas the routes
 * validate with, so it cannot drift from what the API accepts and returns (`GET /openapi.json`).
 * Not `app.doc31()`: that answers a generation failure with a bare `{}` 500, bypassing the
 * error envelope and the log; here a failure reaches `onError` like any other.
 *
 * Signed in is the default (`security` at the top: the session cookie or a Bearer token, also
 * written onto each operation that does not say otherwise), so "Try it out" in `/api/docs`
 * sends the token; an operation open without a session says `security: []` in its
 * `createRoute`. Every operation names an `operationId` and who may call it (`x-shell-access`,
 * from `declareAccess`), which its description repeats for human readers.
 */
export function describeApi(api: ApiApp): OpenApiDocument {
  const document = withDeclaredSecurity(
    api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: API_TITLE,
        version: packageJson.version,
        license: LICENSE,
        description:
          'The HTTP API of the aiConnected Core Shell. Every response carries an `x-correlation-id` ' +
          'header; every failure is an `ErrorEnvelope` whose `code` is one of the stable error codes. ' +
          'Request bodies are limited to 1 MiB: a larger one is refused before it is parsed with ' +
          '`PAYLOAD_TOO_LARGE` (HTTP 413).',
      },
      servers: [{ url: '/', description: 'This deployment (the API is served under /api)' }],
      security: SESSION_SECURITY,
      tags: [{ name: 'platform', description: 'Health and the API description' }],
    }),
  );
  return withAccessDescriptions(document);
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Writes the default `security` onto every operation that does not declare its own, so each
 * protected operation states it needs the session (clients and linters that read operations
 * one by one see it) while a route still declares only what differs (`security: []`).
 */
function withDeclaredSecurity(document: OpenApiDocument): OpenApiDocument {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation && operation.security === undefined) operation.security = SESSION_SECURITY;
    }
  }
  return document;
}
