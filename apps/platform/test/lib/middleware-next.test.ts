import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { middleware } from '@/middleware';

/** The middleware's answer to a page request for `path` without a cookie. */
function open(path: string, headers: Record<string, string> = {}) {
  return middleware(new NextRequest(new URL(path, 'http://localhost:3000'), { headers }));
}

/** The page policy the middleware sends with `nonce` (outside `next dev`). */
function policyWith(nonce: string, frameSource = "'none'"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-src ${frameSource}`,
    "frame-ancestors 'self'",
  ].join('; ');
}

/** What the middleware sent: its policy, and the nonce and policy it passed on to Next. */
function sentPolicy(response: ReturnType<typeof open>) {
  return {
    response: response.headers.get('content-security-policy'),
    request: response.headers.get('x-middleware-request-content-security-policy'),
    nonce: response.headers.get('x-middleware-request-x-nonce'),
  };
}

describe('middleware: the query', () => {
  it.each([
    '/sign-in?next=/%0a/evil.example',
    '/sign-in?next=/%0d/evil.example',
    '/sign-in?next=/%09/evil.example',
    '/sign-in?next=/users%00',
    '/select-workspace?next=%1b[31m',
    '/sign-in?next=/ok&next=/%7f',
    '/dev/mailbox?to=%00',
    '/users?q=a%0ab',
    '/audit?page=2&actor=%1b',
    '/sign-in?%01=x',
  ])('answers %s with the bad-request page and 400', (path) => {
    const response = open(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-middleware-rewrite')).toBe('http://localhost:3000/bad-request');
  });

  it.each(['/sign-in?next=/users', '/sign-in?next=//evil.example', '/sign-in', '/sign-in?next='])(
    'lets %s through to the page (which keeps next only as a path here)',
    (path) => {
      const response = open(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-middleware-rewrite')).toBeNull();
    },
  );
});

describe('middleware: the answers decided by the web server', () => {
  it('answers a page whose session the API could not resolve with the unavailable page and 503', () => {
    const response = open('/super?tab=1', { 'x-shell-page-unavailable': '1' });
    expect(response.status).toBe(503);
    expect(response.headers.get('x-middleware-rewrite')).toBe('http://localhost:3000/unavailable');
    // The page offers to try the address typed again.
    expect(response.headers.get('x-middleware-request-x-shell-request-path')).toBe('/super?tab=1');
  });

  it('answers a page the role does not include with the forbidden page and 403', () => {
    const response = open('/users', { 'x-shell-page-forbidden': '1' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-middleware-rewrite')).toBe('http://localhost:3000/forbidden');
  });

  it.each([
    ['404', 404],
    ['403', 403],
  ])('renders a module page the API refused in place, with status %s', (header, status) => {
    const path = '/w/00000000-0000-4000-8000-000000000001/m/hello/x';
    const response = open(path, { 'x-shell-page-status': header });
    expect(response.status).toBe(status);
    expect(response.headers.get('x-middleware-rewrite')).toBe(`http://localhost:3000${path}`);
  });

  it('ignores any other status value', () => {
    const response = open('/w/x/m/hello', { 'x-shell-page-status': '500' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-middleware-rewrite')).toBeNull();
  });
});

describe('middleware: the Content-Security-Policy', () => {
  it.each([
    ['a page', '/sign-in', {}, 200],
    ['the bad-request page', '/sign-in?next=/%0a', {}, 400],
    ['the forbidden page', '/users', { 'x-shell-page-forbidden': '1' }, 403],
    ['the unavailable page', '/super', { 'x-shell-page-unavailable': '1' }, 503],
  ])(
    'sends %s a fresh nonce, allowing no inline script without it, and passes both on to Next',
    (_, path, headers, status) => {
      const first = open(path, headers);
      const second = open(path, headers);
      expect(first.status).toBe(status);
      const nonce = sentPolicy(first).nonce ?? '';
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22,}={0,2}$/);
      expect(sentPolicy(first)).toStrictEqual({
        response: policyWith(nonce),
        request: policyWith(nonce),
        nonce,
      });
      expect(sentPolicy(second).nonce).not.toBe(nonce);
    },
  );

  it('overwrites a nonce or policy the client sent', () => {
    const response = open('/sign-in', {
      'x-nonce': 'chosen',
      'content-security-policy': "script-src 'unsafe-inline'",
    });
    const { nonce } = sentPolicy(response);
    expect(nonce).not.toBe('chosen');
    expect(sentPolicy(response)).toStrictEqual({
      response: policyWith(nonce ?? ''),
      request: policyWith(nonce ?? ''),
      nonce,
    });
  });
});

describe('middleware: frame-src', () => {
  const MODULE_PAGE = '/w/00000000-0000-4000-8000-000000000001/m/hello/notes/1';
  const FRAME_ORIGIN = 'x-shell-page-frame-origin';

  it('allows a module page to frame exactly its module UI origin, set by the web server', () => {
    const response = open(MODULE_PAGE, { [FRAME_ORIGIN]: 'http://127.0.0.1:4101' });
    const { nonce } = sentPolicy(response);
    expect(sentPolicy(response)).toStrictEqual({
      response: policyWith(nonce ?? '', 'http://127.0.0.1:4101'),
      request: policyWith(nonce ?? '', 'http://127.0.0.1:4101'),
      nonce,
    });
  });

  it.each([
    ['a page that is not a module page', '/users', 'https://ui.example.com'],
    ['a module page without a module UI', MODULE_PAGE, null],
    ['a wildcard', MODULE_PAGE, '*'],
    ['a second source', MODULE_PAGE, 'https://ui.example.com https://evil.example'],
    ['a path', MODULE_PAGE, 'https://ui.example.com/ui'],
    ['a keyword', MODULE_PAGE, "'self'"],
    ['another scheme', MODULE_PAGE, 'javascript://x'],
    ['a trailing slash', MODULE_PAGE, 'https://ui.example.com/'],
  ])('frames nothing on %s', (_, path, origin) => {
    const response = open(path, origin === null ? {} : { [FRAME_ORIGIN]: origin });
    expect(sentPolicy(response).response).toBe(policyWith(sentPolicy(response).nonce ?? ''));
  });
});
