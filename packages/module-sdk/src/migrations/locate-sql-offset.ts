/** A 1-based line and column in a file. */
export interface SqlPosition {
  line: number;
  column: number;
}

/**
 * The line and column of a byte offset in a SQL text (the parser counts UTF-8 bytes); the
 * column counts characters. Offsets past the end land on the last character.
 */
export function locateSqlOffset(sql: string, byteOffset: number): SqlPosition {
  const bytes = Buffer.from(sql, 'utf8');
  const before = bytes
    .subarray(0, Math.max(0, Math.min(byteOffset, bytes.length)))
    .toString('utf8');
  const lines = before.split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { line: lines.length, column: [...last].length + 1 };
}
