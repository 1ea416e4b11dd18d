import type { Hook } from '@hono/zod-openapi';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiEnv } from '../context';
import { sendError } from './send-error';

/** Where the invalid value was, in the words of an HTTP client. */
const LOCATIONS: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
};

/**
 * The `defaultHook` of every OpenAPI route: a request that fails its zod schema gets
 * VALIDATION_BLOCKING with one `{path, message}` per issue, `path` being the location and the
 * field (`body.email`, `query.limit`). zod's messages describe the input, never the server.
 */
export const validationHook: Hook<unknown, ApiEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const location = LOCATIONS[result.target] ?? result.target;
  const issues = result.error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  return sendError(
    c,
    new ShellError('VALIDATION_BLOCKING', `request ${location} failed validation`, {
      details: { issues },
    }),
  );
};
