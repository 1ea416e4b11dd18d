import { handle } from 'hono/vercel';
import { getRuntime } from '@/server/runtime';

// Node, not Edge: the API uses pg, pino and the file system.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Every /api request goes to the one Hono app; it is built on first use, not at import. */
function serve(request: Request): Promise<Response> {
  return Promise.resolve(handle(getRuntime().api)(request));
}

export const GET = serve;
export const POST = serve;
export const PUT = serve;
export const PATCH = serve;
export const DELETE = serve;
export const OPTIONS = serve;
export const HEAD = serve;
