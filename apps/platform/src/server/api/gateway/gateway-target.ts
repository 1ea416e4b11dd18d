import { moduleKeySchema, ShellError } from '@aiconnected/sdk-contracts';

/** Where the gateway is mounted; the module key is the next segment. */
export const GATEWAY_PREFIX = '/api/gateway/';

/** `/api/gateway/{module}[/{path}]` of a URL: the module key (checked) and the module path + query. */
export function gatewayTarget(url: Pick<URL, 'pathname' | 'search'>): {
  moduleKey: string;
  modulePath: string;
} {
  const rest = url.pathname.slice(GATEWAY_PREFIX.length);
  const slash = rest.indexOf('/');
  const key = slash === -1 ? rest : rest.slice(0, slash);
  const parsed = moduleKeySchema.safeParse(key);
  if (!parsed.success) {
    throw new ShellError('VALIDATION_BLOCKING', 'request path failed validation', {
      details: {
        issues: parsed.error.issues.map((issue) => ({
          path: 'path.module',
          message: issue.message,
        })),
      },
    });
  }
  const path = slash === -1 ? '/' : rest.slice(slash);
  return { moduleKey: parsed.data, modulePath: `${path}${url.search}` };
}
