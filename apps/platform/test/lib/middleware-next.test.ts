import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { middleware } from '@/middleware';

/** The middleware's answer to a page request for `path` without a cookie. */
function open(path: string) {
  return middleware(new NextRequest(new URL(path, 'http://localhost:3000')));
}

describe('middleware: the next parameter', () => {
  it.each([
    '/sign-in?next=/%0a/evil.example',
    '/sign-in?next=/%0d/evil.example',
    '/sign-in?next=/%09/evil.example',
    '/sign-in?next=/users%00',
    '/select-workspace?next=%1b[31m',
    '/sign-in?next=/ok&next=/%7f',
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
