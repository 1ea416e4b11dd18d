import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EmptyState } from '../src/components/empty-state';

const render = (props: Parameters<typeof EmptyState>[0]) =>
  renderToStaticMarkup(createElement(EmptyState, props));

describe('EmptyState', () => {
  it('titles with an h3 by default and the level asked for, down to h5 inside a card part', () => {
    expect(render({ title: 'No connections yet' })).toContain(
      '<h3 class="font-semibold tracking-tight text-base">No connections yet</h3>',
    );
    const small = render({ title: 'No credentials issued yet', headingLevel: 5, size: 'sm' });
    expect(small).toContain('<h5 class="font-semibold tracking-tight text-sm">');
    expect(small).toContain('gap-2 p-4');
  });

  it('passes role and other attributes to its box and shows description and action', () => {
    const html = render({
      title: 'No messages yet',
      role: 'status',
      description: 'Invite someone.',
      action: createElement('a', { href: '/x' }, 'Check again'),
    });
    expect(html).toMatch(/^<div class="flex flex-col items-center[^"]*" role="status">/);
    expect(html).toContain('<div class="text-sm text-muted-foreground">Invite someone.</div>');
    expect(html).toContain('<a href="/x">Check again</a>');
  });
});
