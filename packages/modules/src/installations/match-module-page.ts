import type { ModulePage } from '@aiconnected/sdk-contracts';

/** `/notes/` -> `['notes']`, `/` and `` -> `[]`. */
const segmentsOf = (path: string) => path.split('/').filter((segment) => segment !== '');

/**
 * The page of a layer that `path` (relative to the layer's mount point, e.g. `/notes/42`)
 * opens, or null: segment by segment, a literal matches itself exactly and a `:param` any one
 * segment; a trailing slash and an empty path (the root `/`) do not matter. A literal match
 * wins over a `:param` one at the first segment where two pages differ (`/notes/new` before
 * `/notes/:noteId`), whatever the manifest's order.
 */
export function matchModulePage(pages: readonly ModulePage[], path: string): ModulePage | null {
  const asked = segmentsOf(path);
  const candidates = pages.filter((page) => {
    const declared = segmentsOf(page.path);
    return (
      declared.length === asked.length &&
      declared.every((segment, index) => segment.startsWith(':') || segment === asked[index])
    );
  });
  // Rank: literal segments count before params, position by position.
  const rank = (page: ModulePage) =>
    segmentsOf(page.path)
      .map((segment) => (segment.startsWith(':') ? '1' : '0'))
      .join('');
  return [...candidates].sort((a, b) => rank(a).localeCompare(rank(b)))[0] ?? null;
}
