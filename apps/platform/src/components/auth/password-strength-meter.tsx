'use client';

import { useEffect, useState } from 'react';
import type { PasswordStrength } from '@aiconnected/identity/password-strength';
import { cn } from '@aiconnected/ui';

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
const BAR_COLOURS = [
  'bg-destructive',
  'bg-destructive',
  'bg-chart-4',
  'bg-chart-2',
  'bg-chart-2',
] as const;

type Rate = (password: string, userInputs?: string[]) => PasswordStrength;

/**
 * How guessable the password being typed is, with the server's own estimator (zxcvbn-ts,
 * loaded when the form opens: its dictionaries are large) and the same bar: the server refuses
 * anything below "Strong". Announced politely, so typing is not interrupted.
 */
export function PasswordStrengthMeter({
  password,
  userInputs = [],
  id,
}: {
  password: string;
  userInputs?: string[];
  id: string;
}) {
  const [rate, setRate] = useState<Rate | null>(null);
  useEffect(() => {
    let live = true;
    void import('@aiconnected/identity/password-strength').then((module) => {
      if (live) setRate(() => module.ratePasswordStrength);
    });
    return () => {
      live = false;
    };
  }, []);

  const strength = rate && password ? rate(password, userInputs) : null;
  return (
    <div id={id} aria-live="polite" className="space-y-1 text-sm">
      <div className="flex gap-1" aria-hidden="true">
        {[0, 1, 2, 3].map((step) => (
          <div
            key={step}
            className={cn(
              'h-1.5 flex-1 rounded-full',
              strength && strength.score > step ? BAR_COLOURS[strength.score] : 'bg-muted',
            )}
          />
        ))}
      </div>
      {strength ? (
        <p>
          <span className="font-medium">Strength: {LABELS[strength.score]}.</span>{' '}
          {strength.strong
            ? null
            : [strength.warning, strength.suggestions[0] ?? 'Add more words that are less common.']
                .filter(Boolean)
                .join(' ')}
        </p>
      ) : (
        <p className="text-muted-foreground">
          At least 12 characters, hard to guess: a few unrelated words work well.
        </p>
      )}
    </div>
  );
}
