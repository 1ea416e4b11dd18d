import type { Db } from '@aiconnected/db';
import { RESERVED_WORKSPACE_SLUGS } from '@aiconnected/sdk-contracts';
import { normalizeRequestHost } from './normalize-request-host';

/** Which workspace a request's host belongs to, and why. */
export interface HostWorkspace {
  workspace_id: string;
  /** `custom`: a verified custom domain; `platform`: `<slug>.<PLATFORM_CUSTOM_DOMAIN_ROOT>`. */
  kind: 'custom' | 'platform';
}

export interface ResolveHostOptions {
  /** `PLATFORM_CUSTOM_DOMAIN_ROOT`: platform hosts are `<slug>.<root>`. */
  platformRoot: string;
  /**
   * The product's own host names (the base URL's and `PLATFORM_ALLOWED_ORIGINS`' hosts, no
   * port): never a workspace's, even when one is `<slug>.<root>` for some workspace's slug.
   */
  ownHosts?: readonly string[];
}

/**
 * The workspace whose pages `host` (a `Host` header: `name[:port]`) serves: a verified custom
 * domain (not pending, failed or lost) or a platform host `<slug>.<platformRoot>`; null for
 * any other host, the product's own hosts, a reserved label (`RESERVED_WORKSPACE_SLUGS`) under
 * the root, or an archived workspace. Read past RLS (a sign-in page has no session) by
 * migration 029's `shell.resolve_host`, in one round trip. Uncached: request paths use
 * `createHostWorkspaceCache`.
 */
export async function resolveHostWorkspace(
  db: Pick<Db, 'callService'>,
  host: string | null | undefined,
  { platformRoot, ownHosts = [] }: ResolveHostOptions,
): Promise<HostWorkspace | null> {
  const name = normalizeRequestHost(host);
  const root = platformRoot.toLowerCase().replace(/\.$/, '');
  if (name === null || ownHosts.includes(name)) return null;
  if (name.endsWith(`.${root}`) && RESERVED_WORKSPACE_SLUGS.has(name.slice(0, -root.length - 1))) {
    return null;
  }
  const rows = await db.callService<{ workspace_id: string; kind: 'custom' | 'platform' }>(
    'host routing: the workspace of a request host',
    'shell.resolve_host',
    [name, root],
  );
  const [row] = rows;
  return row ? { workspace_id: row.workspace_id, kind: row.kind } : null;
}
