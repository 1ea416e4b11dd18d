import {
  BRIDGE_MAX_FRAME_SIZE,
  moduleMessageSchema,
  moduleTokenSchema,
  type ErrorCode,
  type HostContextMessage,
  type HostMessage,
  type HostRefusalMessage,
  type ModuleRuntimeConfig,
  type ModuleToken,
} from '@aiconnected/sdk-contracts';
import type { ApiResult } from '@/lib/client-api';

/** What the host answers module requests with. */
export interface ModuleRequestDeps {
  runtime: Pick<ModuleRuntimeConfig, 'module_key' | 'settings' | 'token_permissions'>;
  /** The non-sensitive user, workspace and theme context, read when asked. */
  context: () => Omit<HostContextMessage, 'type'>;
  /** Sizes the frame; answers the size it took. */
  resize: (size: { height: number; width?: number }) => { height: number; width?: number };
  /** `POST /api/modules/{key}/token` for the caller's workspace. */
  requestToken: (body: {
    permissions: string[];
    ttl_seconds?: number;
  }) => Promise<ApiResult<ModuleToken>>;
}

export function refusal(code: ErrorCode, message: string): HostRefusalMessage {
  return { type: 'host:refusal', code, message };
}

/**
 * The host's answer to one message from a module frame (penpal delivers only those from the
 * frame's window and origin). Fails closed: anything that is not a valid module request of the
 * module-bridge contract is refused (`VALIDATION_BLOCKING`, naming the first problem); a token
 * for a permission the installation did not grant to UI tokens (or the caller does not hold)
 * is refused (`PERMISSION_DENIED`) without asking the API; the API's own refusal is passed on
 * with its code. Never throws, so the module always gets a bridge message back.
 */
export async function answerModuleRequest(
  raw: unknown,
  deps: ModuleRequestDeps,
): Promise<HostMessage> {
  const parsed = moduleMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    return refusal(
      'VALIDATION_BLOCKING',
      `Not a valid module bridge request${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const message = parsed.data;
  switch (message.type) {
    case 'module:ready':
      return refusal('VALIDATION_BLOCKING', 'module:ready answers host:init; it is not a request');
    case 'module:request:resize': {
      const size = deps.resize({
        height: Math.min(message.height, BRIDGE_MAX_FRAME_SIZE),
        ...(message.width === undefined ? {} : { width: message.width }),
      });
      return { type: 'host:resized', ...size };
    }
    case 'module:request:settings':
      return { type: 'host:settings', settings: deps.runtime.settings };
    case 'module:request:context':
      return { type: 'host:context', ...deps.context() };
    case 'module:request:token': {
      const granted = new Set(deps.runtime.token_permissions);
      const missing = message.permissions.filter((permission) => !granted.has(permission));
      if (missing.length > 0) {
        return refusal(
          'PERMISSION_DENIED',
          `Not granted to ${deps.runtime.module_key}'s UI tokens for you: ${missing.join(', ')}`,
        );
      }
      const answer = await deps.requestToken({
        permissions: message.permissions,
        ...(message.ttl_seconds === undefined ? {} : { ttl_seconds: message.ttl_seconds }),
      });
      if (!answer.ok) {
        return refusal(
          answer.code === 'NETWORK_ERROR' ? 'SERVICE_UNAVAILABLE' : answer.code,
          answer.message,
        );
      }
      const token = moduleTokenSchema.safeParse(answer.data);
      return token.success
        ? { type: 'host:token', ...token.data }
        : refusal('INTERNAL_ERROR', 'The token answer was not a ModuleToken');
    }
  }
}
