import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { RegistrySection } from './registry-section';

// The import form (folded here) refreshes after an import; no router is needed beyond that.
vi.mock('next/navigation', () => ({
  useRouter: () => ({ refresh: () => undefined, push: () => undefined }),
}));

describe('registry section', () => {
  it('shows the registry first, with "Import a module" folding the import form below it', () => {
    const html = renderToStaticMarkup(
      createElement(RegistrySection, {
        empty: false,
        children: createElement('table', null, 'the registry table'),
      }),
    );
    const button = /<button[^>]*>(?:(?!<\/button>).)*<\/button>/.exec(html)?.[0] ?? '';
    expect(button).toContain('aria-expanded="false"');
    expect(button.replace(/<[^>]+>/g, '')).toBe('Import a module');
    const controls = /aria-controls="([^"]+)"/.exec(button)?.[1];
    expect(html).toContain(`<div id="${controls}" tabindex="-1" hidden=""`);
    expect(html.indexOf('<h2>Registry</h2>')).toBeLessThan(html.indexOf('the registry table'));
    expect(html).not.toContain('Import a module</h2>');
  });

  it('with an empty registry, shows the import form first, open, and no toggle', () => {
    const html = renderToStaticMarkup(
      createElement(RegistrySection, {
        empty: true,
        children: createElement('p', null, 'No modules yet'),
      }),
    );
    expect(html).not.toContain('aria-expanded');
    expect(html).not.toMatch(/<div id="[^"]+" tabindex="-1" hidden=""/);
    const form = html.indexOf('<h2>Import a module</h2>');
    expect(form).toBeGreaterThan(-1);
    expect(form).toBeLessThan(html.indexOf('<h2>Registry</h2>'));
    expect(html.indexOf('<h2>Registry</h2>')).toBeLessThan(html.indexOf('No modules yet'));
  });
});
