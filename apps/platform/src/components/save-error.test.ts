import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SaveError } from './save-error';

const STALE =
  'Someone saved this theme after you opened it: reload to see their changes, then save again.';

const render = (message: string | null, stale: boolean) =>
  renderToStaticMarkup(createElement(SaveError, { message, stale }));

describe('a save’s error beside its button', () => {
  it('offers "Reload latest" with the message of a stale save, inside the one alert', () => {
    const html = render(STALE, true);
    expect(html.match(/role="alert"/g)).toHaveLength(1);
    expect(html).toContain(STALE);
    expect(html).toMatch(/<button[^>]*type="button"[^>]*>.*Reload latest<\/button>/);
  });

  it('says another refusal without the reload, and nothing while there is no error', () => {
    const refused = render('You need the permission to edit branding.', false);
    expect(refused).toContain('You need the permission to edit branding.');
    expect(refused).not.toContain('Reload latest');
    expect(render(null, false)).toBe('<div aria-live="assertive" aria-atomic="true"></div>');
  });
});
