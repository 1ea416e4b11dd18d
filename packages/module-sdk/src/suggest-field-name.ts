import { manifestJsonSchema } from './manifest-json-schema';

let fieldNames: string[] | undefined;

/**
 * The manifest field name an unknown key was probably meant to be (`minimumrole` ->
 * `minimumRole`, `navigaton` -> `navigation`): the same letters in another case, or at most
 * two edits away. Undefined when nothing is close.
 */
export function suggestFieldName(key: string): string | undefined {
  fieldNames ??= collectFieldNames(manifestJsonSchema());
  const lower = key.toLowerCase();
  const sameCase = fieldNames.find((name) => name.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: { name: string; distance: number } | undefined;
  for (const name of fieldNames) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Every property name the manifest's JSON Schema defines, at any depth. */
function collectFieldNames(schema: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const properties = (node as { properties?: unknown }).properties;
    if (properties && typeof properties === 'object') {
      for (const name of Object.keys(properties)) names.add(name);
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(schema);
  return [...names];
}

/** Levenshtein distance, for short field names only. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 3;
}
