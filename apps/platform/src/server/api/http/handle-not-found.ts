import type { NotFoundHandler } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { ShellError } from '@aiconnected/sdk-contracts';
import type { ApiApp, ApiEnv } from '../context';
import { sendError } from './send-error';

type RouteMethods = TrieRouter<string>;

/** Indexes the app's routes by path; rebuilt when routes are added (tests mount extra ones). */
function indexRoutes(app: ApiApp): RouteMethods {
  const router = new TrieRouter<string>();
  for (const route of app.routes) {
    // 'ALL' entries are middleware (`use`), which match every method and say nothing.
    if (route.method !== 'ALL') router.add('ALL', route.path, route.method);
  }
  return router;
}

/** The methods some route accepts at `path` (HEAD whenever GET is). */
function allowedMethods(router: RouteMethods, path: string): string[] {
  const [matches] = router.match('GET', path);
  const methods = new Set(matches.map(([method]) => method));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

/**
 * The answer to a path no route serves, built once: its envelope depends only on the code
 * (and the request's correlation id, added when it is sent), and capturing a stack per
 * unknown path would be most of the cost of answering it.
 */
const NO_ROUTE = new ShellError('NOT_FOUND', 'no route serves this path');

/**
 * The API's `notFound`: NOT_FOUND envelope for a path no route serves. A known path called
 * with the wrong method gets the same code (there is no 405 code in the contract) plus
 * `details.allowed_methods` and an `Allow` header, so the client can see what it got wrong.
 */
export function createNotFoundHandler(app: ApiApp): NotFoundHandler<ApiEnv> {
  let indexed: { size: number; router: RouteMethods } | undefined;
  return (c) => {
    if (indexed?.size !== app.routes.length) {
      indexed = { size: app.routes.length, router: indexRoutes(app) };
    }
    const allowed = allowedMethods(indexed.router, c.req.path);
    if (allowed.length === 0) return sendError(c, NO_ROUTE);
    c.header('allow', allowed.join(', '));
    return sendError(
      c,
      new ShellError('NOT_FOUND', `${c.req.method} is not served at ${c.req.path}`, {
        userMessage: `This endpoint does not support ${c.req.method}.`,
        details: { allowed_methods: allowed },
      }),
    );
  };
}
