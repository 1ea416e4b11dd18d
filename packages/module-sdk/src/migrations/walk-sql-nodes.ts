/** A plain object of the parse tree. */
export type SqlObject = Record<string, unknown>;

/**
 * Visits every object of a libpg-query parse tree, depth first. `type` is the node type when
 * the object is wrapped (`{ "FuncCall": {...} }`), else undefined (fields such as
 * `relation` hold their node unwrapped).
 */
export function walkSqlNodes(
  value: unknown,
  visit: (node: SqlObject, type: string | undefined) => void,
  type?: string,
): void {
  if (Array.isArray(value)) {
    for (const item of value) walkSqlNodes(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as SqlObject;
  const keys = Object.keys(node);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only !== undefined && /^[A-Z]/.test(only)) {
    walkSqlNodes(node[only], visit, only);
    return;
  }
  visit(node, type);
  for (const key of keys) walkSqlNodes(node[key], visit);
}

/** The `sval`s of a list of `{ String: { sval } }` nodes (qualified names). */
export function readNameList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const sval = (item as { String?: { sval?: unknown } } | null)?.String?.sval;
    return typeof sval === 'string' ? [sval] : [];
  });
}
