/** `/notes/` -> `['notes']`, `/` and `` -> `[]`. */
const segmentsOf = (path: string) => path.split('/').filter((segment) => segment !== '');

/**
 * The item of a layer (a page, or an API route of one method) whose declared `path` matches
 * `path` (relative to the layer's mount point, e.g. `/notes/42`), or null: segment by segment,
 * a literal matches itself exactly and a `:param` any one segment; a trailing slash and an
 * empty path (the root `/`) do not matter. A literal match wins over a `:param` one at the
 * first segment where two items differ (`/notes/new` before `/notes/:noteId`), whatever the
 * manifest's order. Callers pass API routes already filtered by method.
 */
export function matchLayerPath<T extends { path: string }>(
  items: readonly T[],
  path: string,
): T | null {
  const asked = segmentsOf(path);
  const candidates = items.filter((item) => {
    const declared = segmentsOf(item.path);
    return (
      declared.length === asked.length &&
      declared.every((segment, index) => segment.startsWith(':') || segment === asked[index])
    );
  });
  // Rank: literal segments count before params, position by position.
  const rank = (item: T) =>
    segmentsOf(item.path)
      .map((segment) => (segment.startsWith(':') ? '1' : '0'))
      .join('');
  return [...candidates].sort((a, b) => rank(a).localeCompare(rank(b)))[0] ?? null;
}
