import type {
  CredentialLevel,
  CredentialResolutionReason,
  IntegrationConnection,
  IntegrationConnectionState,
  ResolutionStep,
} from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';

type BadgeVariant = 'default' | 'secondary' | 'destructive' | 'outline' | 'success';

/** A connection's state in words, with its badge and what to do about it. */
export const CONNECTION_STATE_LABELS: Record<
  IntegrationConnectionState,
  { label: string; variant: BadgeVariant; hint: string }
> = {
  initiated: {
    label: 'Waiting for sign-in',
    variant: 'secondary',
    hint: 'The provider’s sign-in page was opened and has not come back yet. Connect again if it was closed.',
  },
  active: {
    label: 'Active',
    variant: 'success',
    hint: 'Modules of this workspace can use it.',
  },
  expired: {
    label: 'Expired',
    variant: 'destructive',
    hint: 'The provider’s grant lapsed: reconnect to sign in again.',
  },
  failed: {
    label: 'Failed',
    variant: 'destructive',
    hint: 'The provider refused the connection: reconnect to try again.',
  },
  revoked: {
    label: 'Disconnected',
    variant: 'outline',
    hint: 'Its credential was dropped. Connect again to use this account.',
  },
};

/** Whether a connection may be started again with the same account (Reconnect). */
export const canReconnect = (connection: IntegrationConnection) => connection.status !== 'active';

/** Whether a connection can be disconnected (it still holds, or may soon hold, a credential). */
export const canDisconnect = (connection: IntegrationConnection) => connection.status !== 'revoked';

/** `2026-12-07 10:00 UTC`, or `never`. */
export const instantOrNever = (iso: string | null) => (iso ? formatInstant(iso) : 'never');

/** The level of the tenant tree, as the screens name it. */
export const LEVEL_LABELS: Record<CredentialLevel | 'none', string> = {
  business: 'Business',
  agency: 'Agency',
  super: 'Platform',
  none: 'None',
};

/** A resolution order as people read it: `Business → Agency → Platform`. */
export const orderLabel = (order: readonly CredentialLevel[]) =>
  order.map((level) => LEVEL_LABELS[level]).join(' → ');

/** Why a resolution ended as it did, in one sentence. */
export const RESOLUTION_REASON_TEXT: Record<CredentialResolutionReason, string> = {
  own_credential: 'The workspace’s own credential.',
  parent_fallback: 'A parent’s credential: every level before it allows falling back.',
  not_found: 'The workspace has no credential and its order ends there.',
  fallback_not_allowed: 'A level had no credential and its policy does not fall back.',
  credential_invalid:
    'A level’s credential is expired or failed, and its policy does not fall back from an invalid credential.',
  order_exhausted: 'Falling back was allowed, but no level of the order had a credential.',
};

/** Short labels of the reasons (filters, table cells). */
export const RESOLUTION_REASON_LABELS: Record<CredentialResolutionReason, string> = {
  own_credential: 'Own credential',
  parent_fallback: 'Parent fallback',
  not_found: 'Not found',
  fallback_not_allowed: 'Fallback not allowed',
  credential_invalid: 'Credential invalid',
  order_exhausted: 'Order exhausted',
};

/** One level a resolution visited: `Agency Contoso: no credential; falls back`. */
export function stepText(step: ResolutionStep, workspaceName: string): string {
  const held =
    step.credential === 'valid'
      ? 'a valid credential'
      : step.credential === 'invalid'
        ? 'an invalid or expired credential'
        : 'no credential';
  const fallback = step.allow_parent_fallback
    ? step.fallback_when_invalid
      ? 'falls back, also from an invalid credential'
      : 'falls back when it has none'
    : 'does not fall back';
  return `${LEVEL_LABELS[step.level]} ${workspaceName}: ${held}; its policy ${fallback}.`;
}

/**
 * What the page says after the provider's hosted flow sent the browser back (`?connect=`):
 * `pending` when the session had ended meanwhile (the visitor signed in again; the connection
 * is then settled by the status refresh).
 */
export const CONNECT_RETURNS = ['active', 'failed', 'invalid', 'pending'] as const;
export type ConnectReturn = (typeof CONNECT_RETURNS)[number];

export function connectReturnOf(value: string | string[] | undefined): ConnectReturn | null {
  const one = Array.isArray(value) ? value[0] : value;
  return (CONNECT_RETURNS as readonly (string | undefined)[]).includes(one)
    ? (one as ConnectReturn)
    : null;
}

/** Why a connection link was refused (`?reason=` of `connect=invalid`), in words. */
export const INVALID_LINK_REASONS: Record<string, string> = {
  unknown: 'The link is not one this site issued.',
  replayed: 'The link was already used.',
  expired: 'The link expired (it is valid for 10 minutes).',
  user_mismatch: 'Someone else started this connection: only they can finish it.',
  workspace_mismatch: 'The link belongs to another workspace.',
  // PERMISSION_DENIED at the callback: the starter lost integrations.manage meanwhile.
  permission_revoked:
    'You no longer have permission to manage integrations in this workspace, so the connection was not completed.',
};
