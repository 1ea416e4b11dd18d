import { SealedSecretError } from '@aiconnected/secrets';
import type { DeliveryLogger } from './delivery-logger';
import { webhookSigner, type WebhookSigner } from './sign-webhook';

/**
 * The stable code an attempt's error starts with when a webhook secret of the installation
 * cannot be opened (docs/events.md "The request"): sealed under a key-encryption key the
 * process no longer has (retired too early, or a deploy still on the old key set), damaged,
 * or copied from another row. The attempt is `refused` and retried on the schedule, so a
 * fixed key set (or new credentials) lets it through; after the last attempt it is
 * dead-lettered like any failure.
 */
export const WEBHOOK_SECRET_UNAVAILABLE = 'webhook_secret_unavailable';

/** How a drain signs: with the secrets, not at all (none active), or refused with a reason. */
export type Signing = WebhookSigner | null | { refusal: string };

/**
 * The installation's signing, from its active secrets (`secretsOf`). A secret that cannot be
 * opened (`SealedSecretError`) is a refusal the drain records as an attempt, logged once per
 * read as `events.webhook_secret_unavailable` (never the sealed value); before, it threw out of
 * the drain, which failed without recording anything and was swept again every few seconds.
 */
export async function readSigning(
  secretsOf: (installationId: string) => Promise<string[]>,
  installationId: string,
  logger: DeliveryLogger,
): Promise<Signing> {
  let secrets: string[];
  try {
    secrets = await secretsOf(installationId);
  } catch (error) {
    if (!(error instanceof SealedSecretError)) throw error;
    logger.warn(
      { installation_id: installationId, reason: error.reason },
      'events.webhook_secret_unavailable',
    );
    return {
      refusal:
        `${WEBHOOK_SECRET_UNAVAILABLE} (${error.reason}): a webhook signing secret of this ` +
        'installation cannot be opened (sealed under a key this server no longer has, or ' +
        'damaged); restore the key set or issue new credentials',
    };
  }
  return secrets.length === 0 ? null : webhookSigner(secrets);
}
