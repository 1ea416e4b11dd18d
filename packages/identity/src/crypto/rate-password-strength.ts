import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * The lowest zxcvbn score a new password may have (0-4): 3 is "safely unguessable",
 * about 10^8 guesses or more. Both the server's check and the forms' meter read it.
 */
export const PASSWORD_MIN_SCORE = 3;

export interface PasswordStrength {
  /** zxcvbn's score, 0 (too guessable) to 4 (very unguessable). */
  score: 0 | 1 | 2 | 3 | 4;
  /** Whether the score reaches PASSWORD_MIN_SCORE. */
  strong: boolean;
  /** Why it is guessable, in words ("Repeated characters like "aaa" are easy to guess."). */
  warning: string | null;
  /** What would make it stronger. */
  suggestions: string[];
}

// The dictionaries ship inside the packages: no network at runtime.
let estimator: ZxcvbnFactory | undefined;

function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator;
}

/**
 * Rates how guessable a password is with zxcvbn-ts (common passwords, names, words,
 * repeats, sequences, keyboard patterns, dates). `userInputs` (the account's email, name)
 * count as known words, whole and by their parts. Pure: the set-password forms import it for their meter.
 */
export function ratePasswordStrength(
  password: string,
  userInputs: string[] = [],
): PasswordStrength {
  // An email or name counts whole and by its parts ("ada.lovelace@x.test" -> ada, lovelace, ...).
  const words = userInputs.flatMap((input) => [input, ...input.split(/[^\p{L}\p{N}]+/u)]);
  const result = getEstimator().check(
    password,
    words.filter((word) => word.length > 1),
  );
  return {
    score: result.score,
    strong: result.score >= PASSWORD_MIN_SCORE,
    warning: result.feedback.warning || null,
    suggestions: result.feedback.suggestions,
  };
}
