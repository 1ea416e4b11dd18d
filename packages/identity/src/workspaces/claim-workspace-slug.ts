import { asServiceRole, type Tx } from '@aiconnected/db';
import { RESERVED_WORKSPACE_SLUGS } from '@aiconnected/sdk-contracts';
import { slugifyWorkspaceName } from './workspace-name';

/**
 * A slug for a new workspace named `name` that no workspace uses yet: the name's slug, or
 * that slug with the lowest free `-N` suffix. Slugs are unique across all tenants, so the
 * lookup runs as the service (RLS would hide other tenants' slugs); only the chosen slug is
 * returned. A reserved slug (`RESERVED_WORKSPACE_SLUGS`: `app.<root>` may be the product's own
 * host) counts as taken. A concurrent creation of the same slug fails the insert with a unique violation.
 */
export async function claimWorkspaceSlug(tx: Tx, name: string): Promise<string> {
  const base = slugifyWorkspaceName(name);
  const taken = await asServiceRole(tx, 'find a free workspace slug', async () => {
    const { rows } = await tx.query<{ slug: string }>(
      `select slug from public.workspaces
        where slug = $1 or (slug like $1 || '-%' and substr(slug, length($1) + 2) ~ '^[0-9]+$')`,
      [base],
    );
    return new Set([...rows.map((row) => row.slug), ...RESERVED_WORKSPACE_SLUGS]);
  });
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
