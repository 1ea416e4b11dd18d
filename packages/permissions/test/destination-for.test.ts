import { describe, expect, it } from 'vitest';
import { destinationFor } from '@aiconnected/permissions';

describe('destinationFor', () => {
  it('sends each workspace type to its dashboard and no workspace to the selector', () => {
    expect({
      super: destinationFor('super'),
      agency: destinationFor('agency'),
      business: destinationFor('business'),
      none: destinationFor(null),
    }).toStrictEqual({
      super: '/super',
      agency: '/agency',
      business: '/business',
      none: '/select-workspace',
    });
  });
});
