const NEWLINE = 0x0a;
const DASH = 0x2d;
const SLASH = 0x2f;
const STAR = 0x2a;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c;
}

/**
 * The byte offset where a statement's first token starts: the parser's statement location
 * moved past the whitespace and comments that precede the statement.
 */
export function findStatementStart(sql: string, statementLocation: number): number {
  const bytes = Buffer.from(sql, 'utf8');
  let offset = statementLocation;
  for (;;) {
    while (offset < bytes.length && isSpace(bytes[offset])) offset += 1;
    if (bytes[offset] === DASH && bytes[offset + 1] === DASH) {
      while (offset < bytes.length && bytes[offset] !== NEWLINE) offset += 1;
    } else if (bytes[offset] === SLASH && bytes[offset + 1] === STAR) {
      const end = bytes.indexOf('*/', offset + 2);
      offset = end === -1 ? bytes.length : end + 2;
    } else {
      return offset;
    }
  }
}
