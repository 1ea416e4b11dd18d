import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiApp } from '../context';
import { validationHook } from './validation-hook';

/**
 * A feature's routes: an OpenAPI sub-app that `createApi` mounts with `app.route()`, which
 * merges its routes and their OpenAPI definitions into the API. Each one validates with the
 * same hook, so a request failing its schema is VALIDATION_BLOCKING wherever it is declared;
 * errors and unknown paths are answered by the API's own handlers.
 */
export function createRouter(): ApiApp {
  return new OpenAPIHono({ defaultHook: validationHook });
}
