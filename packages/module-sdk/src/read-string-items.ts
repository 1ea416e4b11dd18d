import { readPath } from './read-path';

/** The string items of the array at `path`, with their indexes (other items are skipped). */
export function readStringItems(
  root: unknown,
  path: ReadonlyArray<PropertyKey>,
): Array<{ value: string; index: number }> {
  const list = readPath(root, path);
  if (!Array.isArray(list)) return [];
  return list.flatMap((value: unknown, index) =>
    typeof value === 'string' ? [{ value, index }] : [],
  );
}
