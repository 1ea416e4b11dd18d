import { readFileSync } from 'node:fs';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { resolveTheme, themeDeclarations } from '../src';

// The no-database fallback (globals.css) and the engine's default must never drift apart.
const globals = readFileSync(new URL('../../ui/src/globals.css', import.meta.url), 'utf8');

function variablesOf(selector: string): [string, string][] {
  const found: [string, string][] = [];
  postcss.parse(globals).walkRules((rule) => {
    if (rule.selector !== selector) return;
    rule.walkDecls(/^--/, (decl) => {
      found.push([decl.prop.slice(2), decl.value.replace(/\s+/g, ' ').trim()]);
    });
  });
  return found;
}

describe('packages/ui/src/globals.css', () => {
  const resolved = resolveTheme([]);
  it.each([
    [':root', 'light'],
    ['.dark', 'dark'],
  ] as const)('%s holds exactly the engine default for %s mode', (selector, mode) => {
    expect(variablesOf(selector)).toEqual(
      themeDeclarations(resolved, mode).map(([name, value]) => [name, value]),
    );
  });
});
