import { describe, expect, it } from 'vitest';
import {
  NOT_IMPERSONATING,
  aiJobSchema,
  credentialResolutionResultSchema,
  effectivePermissionsSchema,
  eventEnvelopeSchema,
  gatewayForwardHeadersSchema,
  integrationConnectionSchema,
  moduleInstallationSchema,
} from '@aiconnected/sdk-contracts';
import { expectContract } from './expect-contract';
import { OTHER_ID, USER_ID, WORKSPACE_ID } from './fixtures';

describe('canonical types: access, modules, events, integrations (PRD §20.1)', () => {
  it('EffectivePermissions', () => {
    expectContract(
      effectivePermissionsSchema,
      {
        role_template: 'agency_admin',
        permissions: ['users.invite', 'branding.edit'],
        workspace_id: WORKSPACE_ID,
        impersonation: NOT_IMPERSONATING,
      },
      {
        'no workspace': { workspace_id: undefined },
        'workspace not a uuid': { workspace_id: 'acme' },
        'empty permission': { permissions: [''] },
        'impersonation missing': { impersonation: undefined },
      },
    );
  });

  it('ModuleInstallation', () => {
    expectContract(
      moduleInstallationSchema,
      {
        id: OTHER_ID,
        workspace_id: WORKSPACE_ID,
        module_key: 'crm-lite',
        state: 'enabled',
        config: { default_owner_email: 'ops@acme.example' },
      },
      {
        'unknown state': { state: 'active' },
        'bad module key': { module_key: 'CRM Lite' },
        'config not an object': { config: ['x'] },
      },
    );
  });

  it('EventEnvelope', () => {
    expectContract(
      eventEnvelopeSchema,
      {
        id: OTHER_ID,
        source: '/modules/crm-lite',
        type: 'crm-lite.contact.created',
        specversion: '1.0',
        time: '2025-03-14T09:26:53.589Z',
        datacontenttype: 'application/json',
        data: { contact_id: USER_ID },
        workspaceid: WORKSPACE_ID,
        partitionkey: 'contact:0b9e7d45',
        sequence: '00000000000000000042',
        correlationid: 'req_7f3a9c1e',
        idempotencykey: 'crm-lite:contact:0b9e7d45:created',
      },
      {
        'wrong specversion': { specversion: '0.3' },
        'sequence as a number (1.0.0)': { sequence: 42 },
        'sequence not padded': { sequence: '42' },
        'negative sequence': { sequence: '-0000000000000000042' },
        'sequence of 21 digits': { sequence: '000000000000000000042' },
        'no workspace': { workspaceid: undefined },
        'no stream': { partitionkey: '' },
        'time without offset': { time: '2025-03-14T09:26:53' },
        'bad type': { type: 'Contact Created' },
        'no correlation id': { correlationid: undefined },
        'non-JSON data content type': { datacontenttype: 'text/xml' },
        'data not JSON': { data: () => 1 },
      },
    );
  });

  it('GatewayForwardHeaders (2.0.0: the signed claims)', () => {
    expectContract(
      gatewayForwardHeadersSchema,
      {
        'x-shell-claims': 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
        'x-shell-correlation-id': 'req_7f3a9c1e',
        'x-forwarded-for': '203.0.113.7',
        'x-forwarded-host': 'app.example.com',
        'x-forwarded-proto': 'https',
        'x-forwarded-prefix': '/api/gateway/crm-lite',
      },
      {
        'no claims': { 'x-shell-claims': undefined },
        'claims not a JWS': { 'x-shell-claims': 'not-a-token' },
        'header injection in claims': { 'x-shell-claims': 'a.b.c\r\nx: y' },
        'header injection in address': { 'x-forwarded-for': '1.2.3.4\r\nx: y' },
        'proto not http(s)': { 'x-forwarded-proto': 'ftp' },
        'prefix of another mount': { 'x-forwarded-prefix': '/api/modules/crm-lite' },
      },
    );
  });

  it('IntegrationConnection', () => {
    const connection = {
      id: OTHER_ID,
      workspace_id: WORKSPACE_ID,
      backend: 'composio',
      provider_key: 'github',
      provider_account_ref: 'main',
      display_name: null,
      status: 'active',
      scopes: ['repo', 'read:user'],
      connected_at: '2026-12-07T09:26:53Z',
      status_checked_at: '2026-12-07T09:31:53Z',
      credential_expires_at: null,
      last_error: null,
      created_at: '2026-12-07T09:25:00Z',
    };
    expectContract(integrationConnectionSchema, connection, {
      // The vocabulary before migration 045.
      'old status connected': { status: 'connected' },
      'old status pending': { status: 'pending' },
      'no provider': { provider_key: '' },
      'provider not kebab': { provider_key: 'GitHub' },
      'unknown backend': { backend: 'nango' },
      'no created_at': { created_at: undefined },
      'last_error too long': { last_error: 'x'.repeat(501) },
    });
    // Where the secret lives, the secret and the provider's account id never leave the server.
    const withSecrets = {
      ...connection,
      secret_ref: 'composio:ca_8Hk2LmN',
      sealed_secret: { v: 1, ct: 'AAAA' },
      provider_connection_id: 'ca_8Hk2LmN',
    };
    const parsed = integrationConnectionSchema.parse(withSecrets);
    expect(parsed).not.toHaveProperty('secret_ref');
    expect(parsed).not.toHaveProperty('sealed_secret');
    expect(parsed).not.toHaveProperty('provider_connection_id');
  });

  it('AIJob', () => {
    expectContract(
      aiJobSchema,
      {
        id: OTHER_ID,
        workspace_id: WORKSPACE_ID,
        job_type: 'module_draft',
        state: 'running',
        context_ref: 'layout:dashboard',
        intent_payload: { prompt: 'A contacts table with a search box' },
        artifacts: [],
        created_at: '2025-03-14T09:26:53Z',
      },
      {
        'unknown state': { state: 'done' },
        'bad job type': { job_type: 'Module Draft' },
        'artifacts not objects': { artifacts: ['draft'] },
      },
    );
  });

  it('CredentialResolutionResult', () => {
    expectContract(
      credentialResolutionResultSchema,
      {
        decision_id: OTHER_ID,
        workspace_id: WORKSPACE_ID,
        provider_key: 'github',
        resolved_scope: 'agency',
        source_workspace_id: OTHER_ID,
        connection_id: USER_ID,
        used_parent_fallback: true,
        reason: 'parent_fallback',
      },
      {
        'resolved without source': { source_workspace_id: null },
        'resolved without connection': { connection_id: null },
        'resolved with a failure reason': { reason: 'order_exhausted' },
        'parent fallback not flagged': { used_parent_fallback: false },
        'own credential flagged as fallback': { reason: 'own_credential' },
        'none with a source': { resolved_scope: 'none', used_parent_fallback: false },
        'none with fallback': {
          resolved_scope: 'none',
          source_workspace_id: null,
          connection_id: null,
        },
        'unknown scope': { resolved_scope: 'personal' },
        'unknown reason': { reason: 'cached' },
        'no decision': { decision_id: undefined },
      },
    );
    const nothing = {
      decision_id: OTHER_ID,
      workspace_id: WORKSPACE_ID,
      provider_key: 'github',
      resolved_scope: 'none',
      source_workspace_id: null,
      connection_id: null,
      used_parent_fallback: false,
      reason: 'fallback_not_allowed',
    };
    expect(credentialResolutionResultSchema.parse(nothing)).toStrictEqual(nothing);
    expect(
      credentialResolutionResultSchema.safeParse({ ...nothing, reason: 'own_credential' }).success,
    ).toBe(false);
  });
});
