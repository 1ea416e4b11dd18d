import { describe, expect, it } from 'vitest';
import { CONTRAST_PAIRS, contrastProblems, resolveTheme } from '../src';

describe('contrastProblems', () => {
  it('finds nothing wrong with the built-in default in either mode', () => {
    expect(contrastProblems(resolveTheme([]))).toEqual([]);
  });

  it('reports each failing x / x-foreground pair with its mode and ratio', () => {
    const resolved = resolveTheme([
      {
        workspace_id: 'agency',
        overlay: {
          light: { primary: '#777777', 'primary-foreground': '#ffffff' }, // 4.48:1
          dark: { 'site-background': '#000000', 'site-foreground': '#222222' },
        },
      },
    ]);
    expect(contrastProblems(resolved)).toEqual([
      {
        mode: 'light',
        background: 'primary',
        foreground: 'primary-foreground',
        ratio: 4.47,
        required: 4.5,
      },
      {
        mode: 'dark',
        background: 'site-background',
        foreground: 'site-foreground',
        ratio: 1.31,
        required: 4.5,
      },
    ]);
  });

  it('passes a pair exactly at AA and checks every declared pair', () => {
    const resolved = resolveTheme([
      {
        workspace_id: 'a',
        overlay: { light: { primary: '#767676', 'primary-foreground': '#ffffff' } },
      },
    ]);
    expect(contrastProblems(resolved)).toEqual([]);
    const all = Object.fromEntries(
      CONTRAST_PAIRS.flatMap(([bg, fg]) => [
        [bg, '#ffffff'],
        [fg, '#fefefe'],
      ]),
    );
    const problems = contrastProblems(
      resolveTheme([{ workspace_id: 'a', overlay: { light: all, dark: all } }]),
    );
    expect(problems).toHaveLength(CONTRAST_PAIRS.length * 2);
  });
});
