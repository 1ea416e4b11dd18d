import 'server-only';
import { headers } from 'next/headers';
import { getRuntime } from '@/server/runtime';
import { loadSession } from './session';

/**
 * The CSS variables of the theme a page renders with, for the root layout's `<style>`: the
 * effective theme of the workspace the visitor acts in, else of the workspace whose custom
 * domain or platform host (`<slug>.<PLATFORM_CUSTOM_DOMAIN_ROOT>`) the page is served on, else
 * the super baseline. Read from
 * the process's theme cache (a map lookup once compiled). Null (the built-in theme of
 * globals.css) without a database or when the theme cannot be read: a page never fails on
 * its colours.
 */
export async function loadPageThemeCss(): Promise<string | null> {
  // Outside the try: reading the request is what makes Next render the page per request.
  headers();
  const runtime = getRuntime();
  if (runtime.themeCss === null) return null;
  try {
    const session = await loadSession();
    const active = session?.context?.workspace_id ?? null;
    // Without one (signed out, e.g. a custom domain's sign-in page): the host's workspace.
    const host =
      active === null ? await runtime.hostWorkspaces?.resolve(headers().get('host')) : null;
    return await runtime.themeCss.cssFor(active ?? host?.workspace_id ?? null);
  } catch (error) {
    runtime.deps.logger.warn({ err: error }, 'page theme unavailable: built-in theme used');
    return null;
  }
}
