import { headers } from 'next/headers';

/** The request header `src/middleware.ts` sets to the page's path and query. */
export const REQUEST_PATH_HEADER = 'x-shell-request-path';

/** The path (with query) of the page being rendered, for `?next=` links; `/` when unknown. */
export function currentRequestPath(): string {
  return headers().get(REQUEST_PATH_HEADER) ?? '/';
}
