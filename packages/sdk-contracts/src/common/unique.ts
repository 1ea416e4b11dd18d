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

/**
 * Every repetition in `values` with its index (the second `a` of `[a, b, a]` is `{ value: a,
 * index: 2 }`), so a validation issue can point at the entry to remove.
 */
export function findRepeatedEntries(
  values: readonly string[],
): Array<{ value: string; index: number }> {
  const seen = new Set<string>();
  const repeated: Array<{ value: string; index: number }> = [];
  values.forEach((value, index) => {
    if (seen.has(value)) repeated.push({ value, index });
    seen.add(value);
  });
  return repeated;
}
