/**
 * The request header `src/middleware.ts` sets to the page's path and query. In a file of its
 * own so the middleware (Edge runtime) imports nothing of the server's.
 */
export const REQUEST_PATH_HEADER = 'x-shell-request-path';
