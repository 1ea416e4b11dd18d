import { describe, expect, it } from 'vitest';
import { healthCheckText, moduleActionErrorText } from '@/components/modules/module-labels';
import { permissionDiffSections } from '@/components/modules/permission-diff-sections';

const refusal = (code: string, message: string, details: Record<string, unknown> = {}) =>
  ({
    ok: false,
    code,
    message,
    error: { code, message, details, correlation_id: 'c' },
  }) as Parameters<typeof moduleActionErrorText>[0];

describe('module card texts', () => {
  it('says when and what the last health check saw', () => {
    expect(
      healthCheckText({
        status: 'healthy',
        checked_at: '2026-12-06T21:05:09.123Z',
        http_status: 200,
        latency_ms: 12,
        detail: 'answered 200',
      }),
    ).toBe('Last checked 2026-12-06 21:05 UTC: answered 200 in 12 ms.');
    expect(
      healthCheckText({
        status: 'unhealthy',
        checked_at: '2026-12-06T21:05:09.123Z',
        http_status: null,
        latency_ms: 3001,
        detail: 'timed out after 3000 ms',
      }),
    ).toBe('Last checked 2026-12-06 21:05 UTC: timed out after 3000 ms.');
    expect(
      healthCheckText({
        status: 'unknown',
        checked_at: null,
        http_status: null,
        latency_ms: null,
        detail: null,
      }),
    ).toBe('Never checked.');
  });

  it('explains the refusals people can act on', () => {
    expect(
      moduleActionErrorText(
        refusal('MODULE_TARGET_UNHEALTHY', 'x', {
          status: 'unhealthy',
          http_status: 500,
          detail: 'answered 500',
        }),
      ),
    ).toBe(
      'The module’s service failed its health check (answered 500), so it was not enabled. Try again once it runs; “Check now” shows its health.',
    );
    expect(moduleActionErrorText(refusal('BILLING_REQUIRED', 'A subscription is needed.'))).toBe(
      'A subscription is needed. Set up billing for this workspace (or its agency) first.',
    );
    expect(
      moduleActionErrorText(refusal('BILLING_SUSPENDED', 'In grace.', { reason: 'grace' })),
    ).toBe('In grace.');
    expect(
      moduleActionErrorText(refusal('BILLING_SUSPENDED', 'Suspended.', { reason: 'suspended' })),
    ).toBe('Suspended. Paid modules stay off until billing is active again.');
    expect(moduleActionErrorText(refusal('CONFLICT', 'Disable it first.'))).toBe(
      'Disable it first. The list below has been reloaded.',
    );
    expect(moduleActionErrorText(refusal('PERMISSION_DENIED', 'Ask your agency.'))).toBe(
      'Ask your agency.',
    );
  });

  it('lists an upgrade’s changes by section, empty sections left out', () => {
    const none = { added: [], removed: [] };
    expect(
      permissionDiffSections({
        module_key: 'notes',
        workspace_id: '00000000-0000-4000-8000-000000000001',
        from_version: '1.0.0',
        to_version: '1.1.0',
        permissions: { added: ['notes.notes.delete'], removed: [] },
        events_emitted: none,
        events_consumed: { added: [], removed: ['workspace.created'] },
        api_routes: {
          added: [{ layer: 'admin', method: 'DELETE', path: '/notes/:id', minimum_role: 'admin' }],
          removed: [],
        },
        pages: {
          added: [{ layer: 'admin', path: '/settings', minimum_role: 'member' }],
          removed: [{ layer: 'admin', path: '/settings', minimum_role: 'owner' }],
        },
        shared_entities: none,
        capabilities: none,
        site_capabilities: none,
        paid: null,
        target: null,
        frontend_entry_url: null,
        config_schema: { changed: false, issues: [] },
        grants_more: true,
      }),
    ).toStrictEqual([
      { title: 'Permissions', added: ['notes.notes.delete'], removed: [] },
      { title: 'Events it consumes', added: [], removed: ['workspace.created'] },
      { title: 'API routes', added: ['admin DELETE /notes/:id (admin)'], removed: [] },
      { title: 'Pages', added: ['admin /settings (member)'], removed: ['admin /settings (owner)'] },
    ]);
  });

  it('lists shell data, capabilities, billing, the service and the interface an upgrade changes', () => {
    const none = { added: [], removed: [] };
    expect(
      permissionDiffSections({
        module_key: 'notes',
        workspace_id: '00000000-0000-4000-8000-000000000001',
        from_version: '1.0.0',
        to_version: '2.0.0',
        permissions: none,
        events_emitted: none,
        events_consumed: none,
        api_routes: none,
        pages: none,
        shared_entities: { added: ['users'], removed: [] },
        capabilities: { added: ['notifications'], removed: [] },
        site_capabilities: { added: [], removed: ['site-section'] },
        paid: { from: false, to: true },
        target: {
          from: { base_url: 'http://notes:8080', health_path: '/health' },
          to: { base_url: 'https://notes.example.com', health_path: '/healthz' },
        },
        frontend_entry_url: { from: null, to: 'https://ui.example.com/notes' },
        config_schema: { changed: true, issues: [] },
        grants_more: true,
      }),
    ).toStrictEqual([
      { title: 'Shell data it reads', added: ['users'], removed: [] },
      { title: 'Capabilities', added: ['notifications'], removed: [] },
      { title: 'Site capabilities', added: [], removed: ['site-section'] },
      {
        title: 'Billing',
        added: ['Paid module (needs a billing entitlement)'],
        removed: [],
      },
      {
        title: 'Service it runs on (workspace data goes there)',
        added: ['https://notes.example.com (health /healthz)'],
        removed: ['http://notes:8080 (health /health)'],
      },
      { title: 'Interface it loads', added: ['https://ui.example.com/notes'], removed: [] },
    ]);
  });
});
