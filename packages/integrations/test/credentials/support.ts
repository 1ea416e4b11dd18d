import { randomUUID } from 'node:crypto';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TestDatabase,
} from '@aiconnected/db/testing';
import type { CredentialLevel } from '@aiconnected/sdk-contracts';

// A tree user's acting context and a call's refusal: the shared test helpers.
export { actorOf, failure } from '@aiconnected/modules/testing';

// The credentials tests' world: the standard tenant tree (S; agency A = Northwind with A1, A2;
// agency B = Contoso with B1), connections and policies inserted by the admin connection as
// the connections code and the policy API leave them (those have their own tests).

/** What a credentials test file works with, once its `beforeAll` has run. */
export interface CredentialsWorld {
  test: TestDatabase;
  tree: TenantTree;
}

/** The file's tenant tree database; `world()` answers it inside tests. */
export function setupCredentialsDatabase(): () => CredentialsWorld {
  let world: CredentialsWorld | undefined;
  setupTenantTreeDatabase(({ database, tree }) => {
    world = { test: database, tree };
  });
  return () => {
    if (!world) throw new Error('setupCredentialsDatabase: the database is not ready yet');
    return world;
  };
}

/** A provider key no other test uses. */
export const freshProvider = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;

/**
 * What a seeded connection is: `valid` (active, credential not lapsed), the three invalid
 * kinds (`expired`, `failed`, active with a lapsed credential) and the two that count as none
 * (`initiated`, `revoked`).
 */
export type SeededConnection = 'valid' | 'expired' | 'failed' | 'lapsed' | 'initiated' | 'revoked';

const STATUS: Record<SeededConnection, string> = {
  valid: 'active',
  expired: 'expired',
  failed: 'failed',
  lapsed: 'active',
  initiated: 'initiated',
  revoked: 'revoked',
};

/** Inserts a connection of `workspaceId` for `providerKey`; its id. */
export async function seedConnection(
  admin: TestDatabase['admin'],
  input: {
    workspaceId: string;
    providerKey: string;
    kind: SeededConnection;
    ref?: string;
    connectedAt?: string;
    /** For `valid`: an expiry in the future instead of none. */
    expiring?: boolean;
  },
): Promise<string> {
  const expiresAt =
    input.kind === 'lapsed'
      ? "now() - interval '1 minute'"
      : input.kind === 'valid' && input.expiring === true
        ? "now() + interval '1 hour'"
        : 'null';
  const { rows } = await admin.query<{ id: string }>(
    `insert into public.integration_connections
       (workspace_id, provider_key, provider_account_ref, status, connected_at, credential_expires_at)
     values ($1, $2, $3, $4, coalesce($5::timestamptz, now()), ${expiresAt})
     returning id`,
    [
      input.workspaceId,
      input.providerKey,
      input.ref ?? `ref-${randomUUID().slice(0, 8)}`,
      STATUS[input.kind],
      input.connectedAt ?? null,
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('seedConnection: no row');
  return id;
}

/** Inserts the policy of (workspace, provider) as the service would (no trigger checks apply). */
export async function seedPolicy(
  admin: TestDatabase['admin'],
  input: {
    workspaceId: string;
    providerKey: string;
    order: readonly CredentialLevel[];
    allow?: boolean;
    whenInvalid?: boolean;
    allowedScopes?: string[] | null;
  },
): Promise<void> {
  await admin.query(
    `insert into public.credential_policies
       (workspace_id, provider_key, resolution_order_json, allow_parent_fallback,
        fallback_when_invalid, allowed_scopes)
     values ($1, $2, $3::jsonb, $4, $5, $6::jsonb)`,
    [
      input.workspaceId,
      input.providerKey,
      JSON.stringify(input.order),
      input.allow ?? false,
      input.whenInvalid ?? false,
      input.allowedScopes === undefined || input.allowedScopes === null
        ? null
        : JSON.stringify(input.allowedScopes),
    ],
  );
}

/** A recorded decision as the admin connection reads it. */
export interface DecisionRecord {
  id: string;
  workspace_id: string;
  agency_workspace_id: string | null;
  provider_key: string;
  outcome: string;
  resolved_scope: string;
  source_workspace_id: string | null;
  connection_id: string | null;
  reason: string;
  steps: unknown[];
  caller: string;
  actor_user_id: string | null;
  module_key: string | null;
  correlation_id: string | null;
}

/** Every decision recorded for `providerKey`, oldest first. */
export async function decisionsOf(
  admin: TestDatabase['admin'],
  providerKey: string,
): Promise<DecisionRecord[]> {
  const { rows } = await admin.query<DecisionRecord>(
    `select id, workspace_id, agency_workspace_id, provider_key, outcome, resolved_scope,
            source_workspace_id, connection_id, reason, steps, caller, actor_user_id, module_key,
            correlation_id
       from public.credential_resolution_decisions
      where provider_key = $1
      order by created_at, id`,
    [providerKey],
  );
  return rows;
}
