/**
 * Request headers the web server (src/server/web-server.ts) sets on page requests after
 * resolving the visitor's session in process, once per page load. It removes any a client
 * sent first. In a file of its own so the middleware (Edge runtime) imports nothing of the
 * server's.
 */

/** A one-request key under which the server holds the resolved session (see page-session.ts). */
export const PAGE_SESSION_HEADER = 'x-shell-page-session';

/** `1` when the visitor's role may not open the requested app page: answered with 403. */
export const PAGE_FORBIDDEN_HEADER = 'x-shell-page-forbidden';

/** `1` when the API answered the page's session call SERVICE_UNAVAILABLE: answered with 503. */
export const PAGE_UNAVAILABLE_HEADER = 'x-shell-page-unavailable';
