/**
 * The values that occur more than once in `values`, each reported once, in first-seen order.
 * Manifests and flag sets use it to name the duplicate in their validation message.
 */
export function findDuplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) duplicates.add(value);
    seen.add(value);
  }
  return [...duplicates];
}
