import { describe, expect, it } from 'vitest';
import { runtimeRefusalOf, sameOriginRefusal } from './runtime-refusal';

describe('runtimeRefusalOf', () => {
  it('words the module UI reasons, keeping the code', () => {
    const error = (reason: string) => ({
      code: 'NOT_FOUND' as const,
      message: 'Not found.',
      details: { module_key: 'hello', reason },
      correlation_id: 'c1',
    });
    expect(runtimeRefusalOf(error('no_frontend'), 'Hello')).toStrictEqual({
      code: 'NOT_FOUND',
      title: 'Hello has no interface of its own',
      message: 'Its manifest declares no frontend entry URL, so there is nothing to show here.',
    });
    expect(runtimeRefusalOf(error('entry_url_insecure'), 'Hello').title).toBe(
      'Hello’s interface is not shown',
    );
    expect(runtimeRefusalOf(error('entry_url_same_origin'), 'Hello')).toStrictEqual(
      sameOriginRefusal('Hello', 'NOT_FOUND'),
    );
  });

  it("shows the API's own message for any other refusal", () => {
    expect(
      runtimeRefusalOf(
        {
          code: 'MODULE_NOT_ENABLED',
          message: 'This module is not enabled here.',
          details: { module_key: 'hello', state: 'disabled' },
          correlation_id: 'c2',
        },
        'Hello',
      ),
    ).toStrictEqual({
      code: 'MODULE_NOT_ENABLED',
      title: 'Hello cannot be opened',
      message: 'This module is not enabled here.',
    });
  });
});
