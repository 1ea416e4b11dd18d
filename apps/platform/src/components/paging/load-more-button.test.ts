import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LoadMoreButton, type RowNoun } from './load-more-button';
import type { PagedList } from './use-paged-list';

const VERSION: RowNoun = { one: 'version', other: 'versions' };

function list(count: number, hasMore: boolean): PagedList<unknown> {
  return {
    items: Array.from({ length: count }, (_, index) => index),
    hasMore,
    pending: false,
    error: null,
    loadMore: async () => {},
  };
}

const render = (count: number, hasMore: boolean, noun = VERSION) =>
  renderToStaticMarkup(createElement(LoadMoreButton, { list: list(count, hasMore), noun }));

describe('the count under a paged table', () => {
  it('says the singular noun for one row and the plural for any other count', () => {
    expect(render(1, false)).toContain('>1 version shown (all)</p>');
    expect(render(2, false)).toContain('>2 versions shown (all)</p>');
    expect(render(0, false)).toContain('>0 versions shown (all)</p>');
    expect(render(1, false, { one: 'business', other: 'businesses' })).toContain(
      '>1 business shown (all)</p>',
    );
  });

  it('drops "(all)" and offers "Load more" while more pages exist', () => {
    const html = render(20, true);
    expect(html).toContain('>20 versions shown</p>');
    expect(html).toContain('Load more');
    expect(render(20, false)).not.toContain('Load more');
  });
});
