import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CompatibilityList, type ModuleCompatibility } from './compatibility-list';

const row = (module_key: string, name: string): ModuleCompatibility => ({
  module_key,
  name,
  version: '1.0.0',
  range: '^1.0.0',
  compatible: true,
});

describe('compatibility list', () => {
  it('shows each module’s key beside its name (names may repeat), the name isolated from the version', () => {
    const html = renderToStaticMarkup(
      createElement(CompatibilityList, {
        shellVersion: '1.1.0',
        modules: [
          row('hello', 'Hello'),
          row('redos', 'Hello'),
          row('spoof', 'Hello \u202E gnp.exe'),
        ],
      }),
    );
    const rows = [...html.matchAll(/<li[^>]*>(.*?)<\/li>/g)].map((match) =>
      (match[1] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(rows).toStrictEqual([
      'Hello 1.0.0 hello engines.shell ^1.0.0 Compatible',
      'Hello 1.0.0 redos engines.shell ^1.0.0 Compatible',
      'Hello \u202E gnp.exe 1.0.0 spoof engines.shell ^1.0.0 Compatible',
    ]);
    expect(html).toContain('<bdi>Hello \u202E gnp.exe</bdi>');
    expect(html).toContain('href="/modules/registry/redos"');
  });
});
