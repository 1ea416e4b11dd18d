import type {
  InstallationCredentialKind,
  InstallationCredentialView,
} from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';

/** Each kind of installation credential, and what the module does with it. */
export const CREDENTIAL_KIND_LABELS: Record<
  InstallationCredentialKind,
  { label: string; hint: string }
> = {
  api_key: {
    label: 'API key',
    hint: 'The module sends it as Authorization: Bearer … when it emits events to the shell.',
  },
  webhook_secret: {
    label: 'Webhook signing secret',
    hint: 'The module verifies the webhook-signature of the events and actions the shell posts to it.',
  },
};

/** Where a credential stands (the API's `active`): `Active`, `Works until …`, `Expired …`, `Revoked …`. */
export function credentialStatusText(credential: InstallationCredentialView): string {
  if (credential.revoked_at) return `Revoked ${formatInstant(credential.revoked_at)}`;
  if (!credential.active) {
    return credential.expires_at ? `Expired ${formatInstant(credential.expires_at)}` : 'Inactive';
  }
  return credential.expires_at ? `Works until ${formatInstant(credential.expires_at)}` : 'Active';
}
