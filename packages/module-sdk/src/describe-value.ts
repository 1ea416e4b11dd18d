const MAX_PREVIEW = 60;
// Controls, format characters (bidi overrides, zero-width...) and surrogate halves: shown as
// \u escapes, so a quoted value cannot reorder or hide the message around it.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

/**
 * A short JSON rendering of a value for a finding's message (`"1.4"`, `42`, `an object`);
 * invisible characters as `\uXXXX`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  const text = (JSON.stringify(value) ?? typeof value).replace(
    INVISIBLE,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
}
