import { describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '@aiconnected/sdk-contracts';
import { refusalLines } from './publish-contract-form';

const envelope = (code: string, details?: Record<string, unknown>) =>
  ({ code, message: 'Refused.', correlation_id: 'c-1', details }) as ErrorEnvelope['error'];

describe('publish contract form: what a refusal lists', () => {
  it('lists SDK_CONTRACT_INCOMPATIBLE changes, breaking ones first', () => {
    expect(
      refusalLines(
        envelope('SDK_CONTRACT_INCOMPATIBLE', {
          previous_version: '1.1.0',
          required_version: '2.0.0',
          changes: [
            {
              path: '/properties/note',
              kind: 'property-added',
              breaking: false,
              detail: 'Property note added',
            },
            {
              path: '/required',
              kind: 'required-added',
              breaking: true,
              detail: 'name is now required',
            },
            { path: '', kind: 'type-narrowed', breaking: true, detail: 'type narrowed' },
            'not an object',
          ],
        }),
      ),
    ).toStrictEqual([
      { path: '/required', text: 'name is now required', breaking: true },
      { path: '(root)', text: 'type narrowed', breaking: true },
      { path: '/properties/note', text: 'Property note added', breaking: false },
    ]);
  });

  it('lists VALIDATION_BLOCKING issues, nothing for other refusals', () => {
    expect(
      refusalLines(
        envelope('VALIDATION_BLOCKING', {
          issues: [{ path: 'body.schema_json.type', message: 'must be a known type' }],
        }),
      ),
    ).toStrictEqual([{ path: 'body.schema_json.type', text: 'must be a known type' }]);
    expect(refusalLines(envelope('CONFLICT', { reason: 'not_above_highest' }))).toStrictEqual([]);
    expect(refusalLines(undefined)).toStrictEqual([]);
  });
});
