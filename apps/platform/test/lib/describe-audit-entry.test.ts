import { describe, expect, it } from 'vitest';
import { describeAuditEntry } from '@/components/audit/describe-audit-entry';
import type { AuditLogEntry } from '@aiconnected/sdk-contracts';

const ana = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'ana@example.test',
  display_name: 'Ana',
};
const bob = {
  id: '22222222-2222-4222-8222-222222222222',
  email: 'bob@example.test',
  display_name: null,
};
const workspaceId = '33333333-3333-4333-8333-333333333333';
const names: Record<string, string> = { [workspaceId]: 'Northwind Dental' };
const workspaceName = (id: string) => names[id] ?? `workspace ${id.slice(0, 8)}`;

function entry(fields: Partial<AuditLogEntry> & Pick<AuditLogEntry, 'action'>): AuditLogEntry {
  return {
    id: '44444444-4444-4444-8444-444444444444',
    workspace_id: workspaceId,
    actor_user_id: ana.id,
    impersonator_user_id: null,
    target_type: 'user',
    target_id: bob.id,
    metadata_json: {},
    correlation_id: null,
    created_at: '2026-12-06T10:00:00.000000Z',
    actor: ana,
    impersonator: null,
    target_user: bob,
    ...fields,
  };
}

describe('describeAuditEntry', () => {
  const cases: [AuditLogEntry, string][] = [
    [
      entry({
        action: 'membership.update',
        target_type: 'membership',
        metadata_json: {
          role_template: { from: 'business_user', to: 'business_manager' },
          active: { from: true, to: true },
        },
      }),
      "Ana changed bob@example.test's role from Business user to Business manager.",
    ],
    [
      entry({
        action: 'user.invite',
        target_type: 'invitation',
        target_user: null,
        metadata_json: { email: 'carol@example.test', role_template: 'business_admin' },
      }),
      'Ana invited carol@example.test as Business admin.',
    ],
    [
      entry({
        action: 'user.invitation_revoked',
        target_type: 'invitation',
        target_user: null,
        metadata_json: { email: 'carol@example.test', role_template: 'business_user' },
      }),
      'Ana revoked the invitation of carol@example.test.',
    ],
    [
      entry({
        action: 'user.suspend',
        metadata_json: { from_status: 'active', to_status: 'suspended' },
      }),
      "Ana changed bob@example.test's status from active to suspended.",
    ],
    [
      entry({
        action: 'user.email_change_requested',
        metadata_json: { new_email: 'new@example.test' },
      }),
      "Ana asked to change bob@example.test's email from bob@example.test to new@example.test.",
    ],
    [
      entry({
        action: 'impersonation.start',
        target_type: 'workspace',
        target_id: workspaceId,
        target_user: null,
        metadata_json: { reason: 'Fix the settings' },
      }),
      'Ana started impersonating Northwind Dental: “Fix the settings”.',
    ],
    [
      entry({
        action: 'workspace.rename',
        target_type: 'workspace',
        target_id: workspaceId,
        target_user: null,
        metadata_json: { from: 'Northwind Dental', to: 'Northwind Smiles' },
      }),
      'Ana renamed a workspace from “Northwind Dental” to “Northwind Smiles”.',
    ],
    [
      entry({ action: 'auth.sign_in', actor_user_id: null, actor: null, target_type: 'session' }),
      'The system signed in.',
    ],
    [
      entry({
        action: 'domain.claim_expired',
        actor_user_id: null,
        actor: null,
        target_type: 'domain',
        target_user: null,
        metadata_json: { host: 'login.northwind.example', status: 'pending', ttl_days: 7 },
      }),
      'The domain login.northwind.example was never verified and its claim expired: it was released.',
    ],
    [
      entry({
        action: 'integration.connect',
        target_type: 'integration_connection',
        target_user: null,
        metadata_json: {
          provider_key: 'github',
          provider_account_ref: 'main',
          scopes: ['repo', 'read:user'],
          backend: 'composio',
        },
      }),
      'Ana started connecting github (main) with the scopes repo, read:user.',
    ],
    [
      entry({
        action: 'integration.status_change',
        actor_user_id: null,
        actor: null,
        target_type: 'integration_connection',
        target_user: null,
        metadata_json: {
          provider_key: 'github',
          provider_account_ref: 'main',
          status: { from: 'active', to: 'expired' },
          reason: 'provider_status:EXPIRED',
        },
      }),
      'The provider reported github (main) expired (was active): provider_status:EXPIRED.',
    ],
    [
      entry({
        action: 'credentials.policy_update',
        target_type: 'credential_policy',
        target_user: null,
        metadata_json: {
          provider_key: 'github',
          version: 2,
          allow_parent_fallback: { from: false, to: true },
        },
      }),
      'Ana saved version 2 of the github credential policy of Northwind Dental: parent fallback.',
    ],
  ];
  it.each(cases.map(([item, sentence]) => ({ action: item.action, item, sentence })))(
    '$action: $sentence',
    ({ item, sentence }) => {
      expect(describeAuditEntry(item, workspaceName)).toBe(sentence);
    },
  );
});
