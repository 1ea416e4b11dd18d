import type { OpenAPIHono } from '@hono/zod-openapi';

/** The OpenAPI security requirement of a module installation's API key. */
export const MODULE_API_KEY_SECURITY: Record<string, string[]>[] = [{ moduleApiKey: [] }];

/** Declares the module API key in the document's security schemes. */
export function registerModuleApiKeyScheme(app: Pick<OpenAPIHono, 'openAPIRegistry'>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'moduleApiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A module installation’s API key (`aicm_...`), issued at install and by `POST /modules/{key}/credentials`, shown once.',
  });
}
