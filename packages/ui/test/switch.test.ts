import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Switch } from '../src/components/switch';

const render = (props: Parameters<typeof Switch>[0]) =>
  renderToStaticMarkup(createElement(Switch, props));

describe('Switch', () => {
  it('is a button with role switch whose aria-checked and data-state follow checked', () => {
    const on = render({ checked: true, id: 'policy' });
    expect(on).toMatch(
      /^<button type="button" role="switch" aria-checked="true" data-state="checked"/,
    );
    expect(on).toContain('id="policy"');
    expect(on).toContain('<span data-state="checked"');
    const off = render({ checked: false });
    expect(off).toContain('aria-checked="false" data-state="unchecked"');
    expect(off).toContain('<span data-state="unchecked"');
  });

  it('starts from defaultChecked when uncontrolled, and passes disabled and aria props on', () => {
    expect(render({ defaultChecked: true })).toContain('aria-checked="true"');
    expect(render({})).toContain('aria-checked="false"');
    const disabled = render({ checked: false, disabled: true, 'aria-describedby': 'hint' });
    expect(disabled).toContain('disabled=""');
    expect(disabled).toContain('aria-describedby="hint"');
  });
});
