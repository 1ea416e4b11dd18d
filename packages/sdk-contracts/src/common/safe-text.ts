import { z } from 'zod';

/** Why a text is refused by `textProblem`. */
export type TextProblem = 'control_character' | 'lone_surrogate' | 'not_visible';

/**
 * NUL and every other C0/C1 control (Postgres refuses NUL, the rest garble names and logs), and
 * the bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which
 * reorder the text after them: a name that shows one thing and is another ("Trojan Source").
 * The left-to-right and right-to-left marks mixed-direction text needs stay allowed.
 */
const CONTROL_CHARACTER = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
/** Half of a UTF-16 surrogate pair on its own: not a character, not encodable as UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * One character a person can see: not white space, not a control, format or unassigned
 * code point, not a default-ignorable one (zero-width spaces, joiners, Hangul fillers).
 */
const VISIBLE_CHARACTER = /[^\p{White_Space}\p{C}\p{Default_Ignorable_Code_Point}]/u;

/** What a person is told for each problem (also the zod issue message). */
export const TEXT_PROBLEM_MESSAGES = {
  control_character: 'Must not contain control characters',
  lone_surrogate: 'Must be valid Unicode text',
  not_visible: 'Must contain visible characters',
} as const satisfies Record<TextProblem, string>;

/**
 * Whether a free text (a name, a reason, a filter) is acceptable as text: no control
 * character (NUL included), no lone surrogate, and at least one visible character.
 * Null when it is; the first problem found otherwise.
 */
export function textProblem(value: string): TextProblem | null {
  if (CONTROL_CHARACTER.test(value)) return 'control_character';
  if (LONE_SURROGATE.test(value)) return 'lone_surrogate';
  if (!VISIBLE_CHARACTER.test(value)) return 'not_visible';
  return null;
}

/**
 * The zod schema of every free-text field: trimmed, at most `maxLength` UTF-16 units, and
 * free of `textProblem`s (so never empty). Bad text is a validation issue (422
 * `VALIDATION_BLOCKING`), never a database error.
 */
export function safeText(maxLength: number) {
  return z
    .string()
    .trim()
    .max(maxLength)
    .superRefine((value, context) => {
      const problem = textProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: TEXT_PROBLEM_MESSAGES[problem] });
    });
}
