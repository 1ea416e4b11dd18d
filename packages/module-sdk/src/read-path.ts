/** The value at `path` inside `root`, or undefined when any step is missing or no container. */
export function readPath(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}
