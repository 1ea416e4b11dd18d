import { ShellError, type IntegrationConnectionState } from '@aiconnected/sdk-contracts';

/**
 * The connection state machine (design 13 §3): which state may follow which. `initiated` may
 * follow itself: connecting again while a hosted flow is open starts a new one.
 */
export const CONNECTION_TRANSITIONS: Readonly<
  Record<IntegrationConnectionState, readonly IntegrationConnectionState[]>
> = {
  initiated: ['initiated', 'active', 'failed', 'expired', 'revoked'],
  active: ['expired', 'failed', 'revoked'],
  expired: ['initiated', 'active', 'revoked'],
  failed: ['initiated', 'revoked'],
  revoked: ['initiated'],
};

/** Throws CONFLICT `{from, to}` unless `to` may follow `from`. */
export function transitionConnection(
  from: IntegrationConnectionState,
  to: IntegrationConnectionState,
): void {
  if (!CONNECTION_TRANSITIONS[from].includes(to)) {
    throw new ShellError('CONFLICT', `integration connection: ${from} -> ${to} is not allowed`, {
      details: { from, to },
      userMessage:
        from === 'active' && to === 'initiated'
          ? 'This account is already connected. Disconnect it first to connect it again.'
          : undefined,
    });
  }
}
