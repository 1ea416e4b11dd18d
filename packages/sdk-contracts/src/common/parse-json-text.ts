// Shared by the admin screens (pasted manifests and contract schemas) and the module
// developer CLI (`aiconnected-module validate`): `@aiconnected/sdk-contracts/json-text`.
import { parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';

/** The outcome of reading pasted JSON: the value, or where and why it is not JSON. */
export type ParsedJsonText =
  { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

/**
 * Parses pasted JSON with `JSON.parse` and, when it fails, says where: the 1-based line and
 * column of the first character that cannot continue a JSON text (the end of the text when it
 * stops early). Browsers word JSON.parse errors differently and some give no position (V8's
 * "Unexpected token '}', ... is not valid JSON"), so the position comes from `firstJsonError`
 * (jsonc-parser in strict JSON mode).
 */
export function parseJsonText(text: string): ParsedJsonText {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const offset = firstJsonError(text) ?? text.length;
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    const message =
      offset < text.length
        ? `Not valid JSON at line ${line}, column ${column}: unexpected ${JSON.stringify(text.charAt(offset))}.`
        : `Not valid JSON: the text ends too early (line ${line}, column ${column}).`;
    return {
      ok: false,
      message,
      line,
      column,
    };
  }
}

// Errors jsonc-parser reports for a whole string token: the offending character is inside.
// (By name: ParseErrorCode is a const enum, which isolated modules cannot read.)
const STRING_ERRORS = new Set([
  'InvalidCharacter',
  'InvalidEscapeCharacter',
  'InvalidUnicode',
  'UnexpectedEndOfString',
]);
// Inside a string: a raw control character, or the character after `\` that starts no escape.
const BAD_STRING_PART = /[\u0000-\u001f]|\\(?:u(?![0-9a-fA-F]{4})|[^"\\/bfnrtu])/;

/**
 * The offset of the first character a JSON text (RFC 8259: no comments, no trailing commas)
 * cannot have there, or null when it is valid. jsonc-parser's first error, refined inside a
 * string to the offending character (jsonc-parser points at the string's start).
 */
export function firstJsonError(text: string): number | null {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
  } catch {
    // jsonc-parser recurses per nesting level: a text nested deeper than the stack allows
    // cannot be located; its first character is the answer.
    return 0;
  }
  const [first] = errors;
  if (!first) return null;
  if (!STRING_ERRORS.has(printParseErrorCode(first.error))) return first.offset;
  const token = text.slice(first.offset, first.offset + first.length);
  const bad = BAD_STRING_PART.exec(token.slice(1));
  if (!bad) return first.offset + first.length;
  // After `\`: the escape character is the one that cannot be there.
  return first.offset + 1 + bad.index + (bad[0].startsWith('\\') ? 1 : 0);
}
