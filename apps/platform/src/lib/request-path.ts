import 'server-only';
import { headers } from 'next/headers';
import { REQUEST_PATH_HEADER } from './request-path-header';

/** The path (with query) of the page being rendered, for `?next=` links; `/` when unknown. */
export function currentRequestPath(): string {
  return headers().get(REQUEST_PATH_HEADER) ?? '/';
}
