import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DomainList } from '@aiconnected/sdk-contracts';
import { DomainManager } from './domain-manager';

const render = (platform: Pick<DomainList, 'platform_host' | 'platform_url'>) =>
  renderToStaticMarkup(
    createElement(DomainManager, {
      workspaceId: '00000000-0000-4000-8000-000000000002',
      firstPage: { items: [], next_cursor: null, ...platform },
    }),
  );

describe('domain manager: the platform address', () => {
  it('shows and links the host with the port a local deployment serves on', () => {
    const html = render({
      platform_host: 'northwind.localhost',
      platform_url: 'http://northwind.localhost:3000',
    });
    expect(html).toMatch(
      /<a href="http:\/\/northwind\.localhost:3000" target="_blank" rel="noreferrer"[^>]*>northwind\.localhost:3000<\/a>/,
    );
  });

  it('shows the bare host behind the default port, linked over https', () => {
    const html = render({
      platform_host: 'northwind.aiconnected.app',
      platform_url: 'https://northwind.aiconnected.app',
    });
    expect(html).toMatch(
      /<a href="https:\/\/northwind\.aiconnected\.app"[^>]*>northwind\.aiconnected\.app<\/a>/,
    );
  });

  it('says there is no platform address without a handle', () => {
    const html = render({ platform_host: null, platform_url: null });
    expect(html).toContain('This workspace has no handle yet, so it has no platform address.');
    expect(html).not.toContain('<a ');
  });
});
