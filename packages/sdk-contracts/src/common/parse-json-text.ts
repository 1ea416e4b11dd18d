// Shared by the admin screens (pasted manifests and contract schemas) and the module
// developer CLI (`aiconnected-module validate`): `@aiconnected/sdk-contracts/json-text`.

/** The outcome of reading pasted JSON: the value, or where and why it is not JSON. */
export type ParsedJsonText =
  { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

/**
 * Parses pasted JSON with `JSON.parse` and, when it fails, says where: the 1-based line and
 * column of the first character that cannot continue a JSON text (the end of the text when it
 * stops early). Browsers word JSON.parse errors differently and some give no position (V8's
 * "Unexpected token '}', ... is not valid JSON"), so the position comes from `firstJsonError`,
 * a scan that follows the JSON grammar (RFC 8259) and reports only the offset.
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

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** The offset of the first character a JSON text cannot have there, or null when it is valid. */
export function firstJsonError(text: string): number | null {
  let at = 0;
  const fail = (offset: number): never => {
    throw new JsonScanStop(offset);
  };
  const skip = () => {
    while (at < text.length && WHITESPACE.has(text.charAt(at))) at += 1;
  };
  const expect = (char: string) => {
    if (text.charAt(at) !== char) fail(at);
    at += 1;
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (at >= text.length) fail(at);
      const char = text.charAt(at);
      if (char === '"') {
        at += 1;
        return;
      }
      if (char.charCodeAt(0) < 0x20) fail(at);
      if (char === '\\') {
        const escape = text.charAt(at + 1);
        if (escape === 'u') {
          HEX4.lastIndex = at + 2;
          if (!HEX4.test(text)) fail(at + 1);
          at += 6;
        } else if (ESCAPES.has(escape)) at += 2;
        else fail(at + 1);
      } else at += 1;
    }
  };
  const value = (depth: number): void => {
    if (depth > 512) fail(at);
    skip();
    const char = text.charAt(at);
    if (char === '{') {
      at += 1;
      skip();
      if (text.charAt(at) === '}') {
        at += 1;
        return;
      }
      for (;;) {
        skip();
        string();
        skip();
        expect(':');
        value(depth + 1);
        skip();
        if (text.charAt(at) === ',') at += 1;
        else return expect('}');
      }
    }
    if (char === '[') {
      at += 1;
      skip();
      if (text.charAt(at) === ']') {
        at += 1;
        return;
      }
      for (;;) {
        value(depth + 1);
        skip();
        if (text.charAt(at) === ',') at += 1;
        else return expect(']');
      }
    }
    if (char === '"') return string();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, at)) {
        at += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = at;
    if (!NUMBER.test(text)) fail(at);
    at = NUMBER.lastIndex;
  };
  try {
    value(0);
    skip();
    return at < text.length ? at : null;
  } catch (stop) {
    if (stop instanceof JsonScanStop) return stop.offset;
    throw stop;
  }
}

/** Ends the scan at the first offending offset. */
class JsonScanStop extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at offset ${offset}`);
  }
}
