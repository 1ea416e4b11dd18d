import { createHash, randomBytes } from 'node:crypto';
import type { SealedColumn } from '@aiconnected/secrets';

/** What an installation's API key starts with: `aicm_` + 32 random bytes, base64url (43 chars). */
export const API_KEY_MARKER = 'aicm_';
/** What a webhook secret starts with (Standard Webhooks): `whsec_` + 32 random bytes, base64. */
export const WEBHOOK_SECRET_MARKER = 'whsec_';

/** The shape of an API key; anything else is refused before a lookup. */
export const API_KEY_PATTERN = /^aicm_[A-Za-z0-9_-]{43}$/;

/** How many characters after the marker the stored prefix keeps (shown to tell keys apart). */
const PREFIX_CHARS = 8;

/** A new API key. */
export function newApiKey(): string {
  return `${API_KEY_MARKER}${randomBytes(32).toString('base64url')}`;
}

/** A new webhook secret (the key the shell signs an installation's webhooks with). */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_MARKER}${randomBytes(32).toString('base64')}`;
}

/** The part of a secret kept in clear: its marker and the next 8 characters. */
export function credentialPrefix(secret: string): string {
  const marker = secret.startsWith(API_KEY_MARKER) ? API_KEY_MARKER : WEBHOOK_SECRET_MARKER;
  return secret.slice(0, marker.length + PREFIX_CHARS);
}

/** What is stored of an API key: its SHA-256 (a lookup key; the key has 256 random bits). */
export function hashApiKey(apiKey: string): Buffer {
  return createHash('sha256').update(apiKey, 'utf8').digest();
}

/**
 * The associated data a webhook secret is sealed with: the row's identity, so the sealed
 * value opens only in the row (and installation) it was written for.
 */
export function webhookSecretAad(credentialId: string, installationId: string): string {
  return `module_installation_credentials:${credentialId}:${installationId}`;
}

/** The webhook secrets' sealed column, for `keys:rotate -- secrets` (re-wrap on rotation). */
export const INSTALLATION_CREDENTIALS_SEALED_COLUMN: SealedColumn = {
  table: 'public.module_installation_credentials',
  column: 'sealed_secret',
  aadColumns: ['installation_id'],
  aad: (row) => webhookSecretAad(row.id ?? '', row.installation_id ?? ''),
};
