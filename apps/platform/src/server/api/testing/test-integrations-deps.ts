import {
  createProviderRegistry,
  type IntegrationsDeps,
  type IntegrationsLogger,
} from '@aiconnected/integrations';
import { newSecretKeys, parseSecretKeys } from '@aiconnected/secrets';

const SILENT: IntegrationsLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * The integrations deps of a test API: the Composio client pointed at `standIn` (a loopback
 * stand-in of `@aiconnected/integrations/testing`), or no backend configured (`null`: connects
 * answer INTEGRATION_PROVIDER_UNAVAILABLE `not_configured`); a fresh KEK; callbacks to
 * http://localhost:3000 (`TEST_ORIGIN`). A test that connects sets `setup.deps.integrations`
 * to this in its `beforeAll` (handlers read `c.var.deps` per request).
 */
export function testIntegrationsDeps(
  standIn: { url: string; apiKey: string } | null,
  logger: IntegrationsLogger = SILENT,
): IntegrationsDeps {
  return {
    providers: createProviderRegistry({
      composio:
        standIn === null
          ? null
          : { baseUrl: standIn.url, apiKey: standIn.apiKey, timeoutMs: 2_000 },
    }),
    secretKeys: parseSecretKeys(newSecretKeys()),
    callbackBaseUrl: 'http://localhost:3000',
    logger,
  };
}
