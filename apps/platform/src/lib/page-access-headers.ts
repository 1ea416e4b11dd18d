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

/**
 * `403` or `404`: the status of a module page the API refused (`GET /api/modules/{key}/page`:
 * MODULE_NOT_REGISTERED and NOT_FOUND 404, MODULE_NOT_ENABLED, PERMISSION_DENIED and
 * WORKSPACE_FORBIDDEN 403); the middleware answers the page with it.
 */
export const PAGE_STATUS_HEADER = 'x-shell-page-status';

/**
 * The origin of the module UI a module page frames (`GET /api/modules/{key}/page`'s
 * `entry_origin`): the middleware allows exactly it in that page's `frame-src`; every other
 * page gets `frame-src 'none'`.
 */
export const PAGE_FRAME_ORIGIN_HEADER = 'x-shell-page-frame-origin';
