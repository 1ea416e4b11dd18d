import { newSecretKeys, parseSecretKeys, SealedSecretError } from '@aiconnected/secrets';
import { describe, expect, it } from 'vitest';
import {
  connectionSecretAad,
  INTEGRATION_CONNECTIONS_SEALED_COLUMN,
  openConnectionSecret,
  sealConnectionSecret,
} from '../../src/secrets/connection-secrets';

const ring = parseSecretKeys(newSecretKeys());
const row = {
  id: '0b0b0b0b-0000-4000-8000-000000000001',
  workspace_id: '0a0a0a0a-0000-4000-8000-000000000001',
  provider_key: 'github',
};

describe('connection secrets', () => {
  it('seal and open round-trip; the envelope holds no plaintext', () => {
    const credential = {
      secret: { access_token: 'standin_abc', token_type: 'bearer' },
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    };
    const sealed = sealConnectionSecret(ring, row, credential);
    expect(JSON.stringify(sealed)).not.toContain('standin_abc');
    expect(openConnectionSecret(ring, { ...row, sealed_secret: sealed })).toEqual(credential);
    const noExpiry = sealConnectionSecret(ring, row, { secret: { api_key: 'k' }, expiresAt: null });
    expect(openConnectionSecret(ring, { ...row, sealed_secret: noExpiry }).expiresAt).toBeNull();
  });

  it('does not open in another row, workspace or provider', () => {
    const sealed = sealConnectionSecret(ring, row, { secret: { a: 'b' }, expiresAt: null });
    for (const other of [
      { ...row, id: '0b0b0b0b-0000-4000-8000-000000000002' },
      { ...row, workspace_id: '0a0a0a0a-0000-4000-8000-000000000002' },
      { ...row, provider_key: 'gmail' },
    ]) {
      expect(() => openConnectionSecret(ring, { ...other, sealed_secret: sealed })).toThrow(
        SealedSecretError,
      );
    }
  });

  it('the sealed column description makes the same associated data (keys:rotate re-wraps it)', () => {
    expect(INTEGRATION_CONNECTIONS_SEALED_COLUMN).toMatchObject({
      table: 'public.integration_connections',
      column: 'sealed_secret',
      aadColumns: ['workspace_id', 'provider_key'],
    });
    expect(INTEGRATION_CONNECTIONS_SEALED_COLUMN.aad(row)).toBe(connectionSecretAad(row));
  });
});
