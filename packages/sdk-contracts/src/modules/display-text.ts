import { z } from 'zod';
import { TEXT_PROBLEM_MESSAGES, textProblem } from '../common/safe-text';

/**
 * A manifest text the shell shows people (name, description, page title, navigation label,
 * route and event descriptions): a string of `min`..`max` UTF-16 units free of `textProblem`s,
 * as every free text of the shell (`safeText`): no control character, no bidirectional
 * override or isolate ("Hello \u202e gnp.exe" would show as "Hello exe.png"), no lone
 * surrogate, at least one visible character. Not trimmed: the manifest is stored as sent.
 */
export function displayText(min: number, max: number) {
  // `min` 0 adds no `minLength` (the JSON Schema stays what it was).
  const bounded = min > 0 ? z.string().min(min).max(max) : z.string().max(max);
  return bounded.superRefine((value, context) => {
    const problem = textProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: TEXT_PROBLEM_MESSAGES[problem] });
  });
}
