import { normalizeColor } from '@aiconnected/theme';

/** A colour in the theme engine's normal form (what the API stores and answers). */
export function normalColour(value: string): string {
  const normal = normalizeColor(value);
  if (!normal.ok) throw new Error(normal.message);
  return normal.value;
}
