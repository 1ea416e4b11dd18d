import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  PAGE_FORBIDDEN_HEADER,
  PAGE_FRAME_ORIGIN_HEADER,
  PAGE_SESSION_HEADER,
  PAGE_STATUS_HEADER,
  PAGE_UNAVAILABLE_HEADER,
} from '@/lib/page-access-headers';
import { createTestApi } from '@/server/api/testing';
import { preparePageRequest } from '@/server/prepare-page-request';

/** A page request for `path` with `headers`, as the web server receives it. */
function pageRequest(path: string, headers: Record<string, string>) {
  const request = new IncomingMessage(new Socket());
  request.url = path;
  request.headers = { ...headers };
  return { request, response: new ServerResponse(request) };
}

/** The page-access headers the request carries on to Next after preparing it. */
async function prepared(path: string, headers: Record<string, string>) {
  const { api } = createTestApi(null);
  const { request, response } = pageRequest(path, headers);
  await preparePageRequest(api, request, response);
  return {
    session: request.headers[PAGE_SESSION_HEADER],
    forbidden: request.headers[PAGE_FORBIDDEN_HEADER],
    unavailable: request.headers[PAGE_UNAVAILABLE_HEADER],
    status: request.headers[PAGE_STATUS_HEADER],
    frameOrigin: request.headers[PAGE_FRAME_ORIGIN_HEADER],
  };
}

describe('preparePageRequest without a database', () => {
  it.each(['/super', '/sign-in?next=/users', '/unavailable'])(
    'marks %s with a session cookie unavailable (the middleware answers 503)',
    async (path) => {
      expect(await prepared(path, { cookie: 'shell_session=x' })).toStrictEqual({
        session: undefined,
        forbidden: undefined,
        unavailable: '1',
        status: undefined,
        frameOrigin: undefined,
      });
    },
  );

  it('leaves the status page, which reads no session, to report the outage itself', async () => {
    expect(await prepared('/', { cookie: 'shell_session=x' })).toStrictEqual({
      session: undefined,
      forbidden: undefined,
      unavailable: undefined,
      status: undefined,
      frameOrigin: undefined,
    });
  });

  it('leaves a visitor without a cookie signed out, without asking the API', async () => {
    expect(await prepared('/sign-in', {})).toStrictEqual({
      session: expect.any(String) as string,
      forbidden: undefined,
      unavailable: undefined,
      status: undefined,
      frameOrigin: undefined,
    });
  });

  it('removes the page-access headers a client sent', async () => {
    const sent = {
      [PAGE_SESSION_HEADER]: 'chosen',
      [PAGE_FORBIDDEN_HEADER]: '1',
      [PAGE_UNAVAILABLE_HEADER]: '1',
      [PAGE_STATUS_HEADER]: '404',
      [PAGE_FRAME_ORIGIN_HEADER]: 'https://evil.example',
    };
    const answer = await prepared('/_next/static/chunk.js', sent);
    expect(answer).toStrictEqual({
      session: undefined,
      forbidden: undefined,
      unavailable: undefined,
      status: undefined,
      frameOrigin: undefined,
    });
  });
});
