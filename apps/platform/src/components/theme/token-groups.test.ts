import { describe, expect, it } from 'vitest';
import { MODE_TOKENS, SHARED_TOKENS } from '@aiconnected/theme';
import { COLOUR_GROUPS, SHARED_GROUPS } from './token-groups';

// The editor must offer every token exactly once, or a token could never be edited (or locked).
describe('theme editor groups', () => {
  it('list every colour token once', () => {
    const listed = COLOUR_GROUPS.flatMap((group) => group.tokens);
    expect([...listed].sort()).toEqual([...MODE_TOKENS].sort());
  });

  it('list every shared token once', () => {
    const listed = SHARED_GROUPS.flatMap((group) => group.fields.map((field) => field.token));
    expect([...listed].sort()).toEqual([...SHARED_TOKENS].sort());
  });
});
