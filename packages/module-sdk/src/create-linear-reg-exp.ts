import { RE2JS } from 're2js';
import type { CodeOptions } from 'ajv/dist/2020';

type RegExpEngine = NonNullable<CodeOptions['regExp']>;

/**
 * ajv's `code.regExp` engine for module schemas: `pattern` and `patternProperties` run on
 * re2js (a port of RE2), whose matching time is linear in the input, so no pattern can make
 * validation backtrack for minutes on crafted data (ReDoS). The JavaScript syntax is translated
 * first (`RE2JS.translateRegExp`: `\u{...}`, `(?<name>...)`, `[^]`); what RE2 cannot run
 * (lookaround, backreferences) throws `RE2JSSyntaxException`. ajv only passes the `u` flag,
 * which RE2 needs no flag for (it matches by code point). `toString` gives the pattern as a
 * RegExp would: ajv shares one compiled pattern per text.
 */
export const createLinearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
    return {
      test: (value: string) => compiled.matcher(value).find(),
      // ajv keys its compiled patterns by this text: each pattern must have its own.
      toString: () => `/${pattern}/${flags}`,
    };
  },
  { code: 'createLinearRegExp' },
);
