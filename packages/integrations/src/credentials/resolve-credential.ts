import type { Db } from '@aiconnected/db';
import {
  ShellError,
  type CredentialResolutionResult,
  type IntegrationBackend,
} from '@aiconnected/sdk-contracts';
import type { SealedSecret, SecretKeyRing } from '@aiconnected/secrets';
import { ProviderUnavailableError, type ProviderCredential } from '../providers/provider';
import type { ProviderRegistry } from '../providers/provider-registry';
import { openConnectionSecret, sealConnectionSecret } from '../secrets/connection-secrets';
import { resolutionFailed, resolveCredentialSource } from './resolve-credential-source';

/** A credential this close to lapsing is fetched afresh from the backend instead. */
export const CREDENTIAL_REFRESH_MARGIN_MS = 60_000;

/** What server-side resolution needs besides the database (a subset of IntegrationsDeps). */
export interface ResolveCredentialDeps {
  providers: ProviderRegistry;
  secretKeys: SecretKeyRing;
  logger: { warn(obj: Record<string, unknown>, msg: string): void };
}

export interface ResolveCredentialInput {
  workspaceId: string;
  providerKey: string;
  providerAccountRef?: string;
  /** The module asking, recorded on the decision. */
  moduleKey?: string;
  correlationId?: string;
}

interface SecretRow {
  id: string;
  workspace_id: string;
  provider_key: string;
  backend: IntegrationBackend;
  provider_connection_id: string | null;
  sealed_secret: SealedSecret | null;
  credential_expires_at: Date | null;
}

/** Whether the sealed copy is there and not about to lapse. */
function sealedIsFresh(
  row: SecretRow,
  now: number,
): row is SecretRow & { sealed_secret: SealedSecret } {
  return (
    row.sealed_secret !== null &&
    (row.credential_expires_at === null ||
      row.credential_expires_at.getTime() - now > CREDENTIAL_REFRESH_MARGIN_MS)
  );
}

/**
 * Server-side credential resolution (design 13 §4; SERVER ONLY: the secret never leaves the
 * process, is never logged, audited or answered). Decides and records the source like the API
 * does (caller `server`, `CREDENTIAL_RESOLUTION_FAILED` {reason, decision_id} when there is
 * none), then opens the chosen connection's sealed credential; when it is missing, does not
 * open, or lapses within `CREDENTIAL_REFRESH_MARGIN_MS`, fetches it from the backend and seals
 * the fresh one into the row. The backend failing then is `INTEGRATION_PROVIDER_UNAVAILABLE`:
 * fail closed, never another level's credential (the decision stays recorded as resolved).
 */
export async function resolveCredential(
  db: Db,
  deps: ResolveCredentialDeps,
  input: ResolveCredentialInput,
): Promise<{ result: CredentialResolutionResult; secret: ProviderCredential }> {
  const result = await resolveCredentialSource(db, {
    workspaceId: input.workspaceId,
    providerKey: input.providerKey,
    providerAccountRef: input.providerAccountRef,
    caller: 'server',
    moduleKey: input.moduleKey ?? null,
    correlationId: input.correlationId ?? null,
  });
  if (result.connection_id === null) throw resolutionFailed(result);
  const connectionId = result.connection_id;
  const row = await db.withService(
    'credentials: read the resolved connection secret',
    async (tx) => {
      const { rows } = await tx.query<SecretRow>(
        `select id, workspace_id, provider_key, backend, provider_connection_id, sealed_secret,
              credential_expires_at
         from public.integration_connections
        where id = $1 and status = 'active'`,
        [connectionId],
      );
      return rows[0];
    },
  );
  if (row === undefined) {
    throw new ShellError('CONFLICT', 'the resolved connection changed meanwhile: resolve again', {
      details: { connection_id: connectionId, decision_id: result.decision_id },
    });
  }
  const log = {
    connection_id: row.id,
    decision_id: result.decision_id,
    provider_key: row.provider_key,
  };
  if (sealedIsFresh(row, Date.now())) {
    try {
      return { result, secret: openConnectionSecret(deps.secretKeys, row) };
    } catch (error) {
      // Only the reason: never the envelope or what it holds.
      const reason = error instanceof Error ? error.name : 'unknown';
      deps.logger.warn(
        { ...log, reason },
        'credentials: the sealed credential does not open; fetching it',
      );
    }
  }
  return { result, secret: await fetchAndSeal(db, deps, row, log) };
}

/** The backend's current credential of `row`, sealed into it for the next resolutions. */
async function fetchAndSeal(
  db: Db,
  deps: ResolveCredentialDeps,
  row: SecretRow,
  log: Record<string, unknown>,
): Promise<ProviderCredential> {
  let credential: ProviderCredential;
  try {
    if (row.provider_connection_id === null) {
      throw new ProviderUnavailableError(
        'bad_response',
        'integrations: the connection has no backend account',
      );
    }
    credential = await deps.providers
      .providerFor(row.backend)
      .credential(row.provider_connection_id);
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    deps.logger.warn(
      { ...log, reason: error.reason },
      'credentials: the backend did not give the credential',
    );
    throw error.toShellError();
  }
  const sealed = sealConnectionSecret(deps.secretKeys, row, credential);
  // Only into the same account: reconnected meanwhile, the row holds the new account's own.
  await db.withService('credentials: seal a fetched credential', (tx) =>
    tx.query(
      `update public.integration_connections
          set sealed_secret = $2::jsonb, credential_expires_at = $3, updated_at = now()
        where id = $1 and status = 'active' and provider_connection_id = $4`,
      [row.id, JSON.stringify(sealed), credential.expiresAt, row.provider_connection_id],
    ),
  );
  return credential;
}
