import { describe, expect, it } from 'vitest';
import {
  emitEventRequestSchema,
  eventListQuerySchema,
  formatEventSequence,
  issueCredentialsRequestSchema,
  isShellEventName,
  MEMBERSHIP_EVENTS,
  MODULE_LIFECYCLE_EVENTS,
  membershipEventDataSchema,
  moduleLifecycleEventDataSchema,
  moduleRuntimeSchema,
  membershipStream,
  replayRequestSchema,
  SHELL_EVENT_NAMES,
  shellEventDataSchema,
  shellEventSchema,
} from '@aiconnected/sdk-contracts';
import { expectContract } from './expect-contract';
import { OTHER_ID, USER_ID, WORKSPACE_ID } from './fixtures';

describe('formatEventSequence', () => {
  it('pads to 20 digits from a number, bigint or string, so text order is stream order', () => {
    expect(formatEventSequence(42)).toBe('00000000000000000042');
    expect(formatEventSequence(42n)).toBe('00000000000000000042');
    expect(formatEventSequence('9223372036854775807')).toBe('09223372036854775807');
    expect([formatEventSequence(100), formatEventSequence(9)].sort()).toStrictEqual([
      '00000000000000000009',
      '00000000000000000100',
    ]);
  });

  it('refuses what is no stream position', () => {
    for (const value of [-1, 1.5, '', '4e2', '-3', '123456789012345678901'])
      expect(() => formatEventSequence(value), String(value)).toThrow();
  });
});

describe('manifest runtime.webhooks (module-manifest 1.3.0)', () => {
  const target = { type: 'http', baseUrl: 'https://crm.internal', healthPath: '/health' };
  it('takes events and action paths and a timeout; refuses other shapes', () => {
    expectContract(
      moduleRuntimeSchema,
      {
        apiVersion: 'v1',
        target,
        webhooks: {
          eventsPath: '/webhooks/events',
          actions: { install: '/hooks/install', uninstall: '/hooks/uninstall' },
          timeoutMs: 5000,
        },
      },
      {
        'relative path': { webhooks: { eventsPath: 'webhooks' } },
        'path with a query': { webhooks: { eventsPath: '/hooks?x=1' } },
        'unknown action': { webhooks: { actions: { upgrade: '/hooks/upgrade' } } },
        'timeout too long': { webhooks: { timeoutMs: 30_001 } },
        'timeout too short': { webhooks: { timeoutMs: 99 } },
        'unknown field': { webhooks: { url: 'https://x' } },
      },
    );
    expect(moduleRuntimeSchema.parse({ apiVersion: 'v1', target })).toStrictEqual({
      apiVersion: 'v1',
      target,
    });
  });
});

describe('event bus API schemas', () => {
  it('EmitEventRequest: stream defaults to default; key and name checked', () => {
    expect(
      emitEventRequestSchema.parse({
        event_name: 'crm-lite.contact.created',
        payload: { id: 1 },
        idempotency_key: 'k-1',
      }),
    ).toStrictEqual({
      event_name: 'crm-lite.contact.created',
      payload: { id: 1 },
      idempotency_key: 'k-1',
      stream: 'default',
    });
    for (const bad of [
      { event_name: 'Contact', payload: {}, idempotency_key: 'k' },
      { event_name: 'a.b', payload: {}, idempotency_key: '' },
      { event_name: 'a.b', payload: {}, idempotency_key: 'x'.repeat(201) },
      { event_name: 'a.b', payload: {}, idempotency_key: 'k', stream: '' },
      { event_name: 'a.b', payload: {}, idempotency_key: 'k', correlation_id: 'a b' },
      { event_name: 'a.b', idempotency_key: 'k' },
      // Strict: a misspelt key is refused, not dropped.
      { event_name: 'a.b', payload: {}, idempotency_key: 'k', idempotencyKey: 'k' },
    ])
      expect(emitEventRequestSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('EventListQuery: limit 1..100 from a query string, default 50', () => {
    expect(eventListQuerySchema.parse({}).limit).toBe(50);
    expect(eventListQuerySchema.parse({ limit: '100', state: 'no_subscribers' })).toStrictEqual({
      limit: 100,
      state: 'no_subscribers',
    });
    for (const limit of ['0', '101', 'x'])
      expect(eventListQuerySchema.safeParse({ limit }).success, limit).toBe(false);
  });

  it('ReplayRequest needs a stream or a time range', () => {
    expect(replayRequestSchema.safeParse({ workspace_id: WORKSPACE_ID }).success).toBe(false);
    expect(
      replayRequestSchema.safeParse({ workspace_id: WORKSPACE_ID, stream: 'orders' }).success,
    ).toBe(true);
    expect(
      replayRequestSchema.safeParse({ workspace_id: WORKSPACE_ID, from: '2026-01-01T00:00:00Z' })
        .success,
    ).toBe(true);
    expect(
      replayRequestSchema.safeParse({ workspace_id: WORKSPACE_ID, stream: 'o', force: true })
        .success,
    ).toBe(false);
  });

  it('IssueCredentialsRequest defaults to both kinds and 24 h of overlap', () => {
    expect(issueCredentialsRequestSchema.parse({ workspace_id: WORKSPACE_ID })).toStrictEqual({
      workspace_id: WORKSPACE_ID,
      kinds: ['api_key', 'webhook_secret'],
      overlap_hours: 24,
    });
    expect(
      issueCredentialsRequestSchema.safeParse({ workspace_id: WORKSPACE_ID, overlap_hours: 169 })
        .success,
    ).toBe(false);
  });

  it('ShellEvent: a module lifecycle event with its data', () => {
    expectContract(
      shellEventSchema,
      {
        type: 'module.upgraded',
        data: {
          installation_id: OTHER_ID,
          module_key: 'crm-lite',
          version: '1.1.0',
          previous_version: '1.0.0',
          state: 'enabled',
        },
      },
      {
        'not a shell event': { type: 'crm-lite.contact.created' },
        'data without state': {
          data: { installation_id: OTHER_ID, module_key: 'crm-lite', version: '1.1.0' },
        },
      },
    );
  });

  it('ShellEvent: a membership event with ids and role keys only (shell-events 1.1.0)', () => {
    const data = {
      membership_id: OTHER_ID,
      workspace_id: WORKSPACE_ID,
      user_id: USER_ID,
      role_template: 'business_manager',
      previous_role_template: 'business_user',
      active: true,
      reason: 'role_changed',
      actor_user_id: OTHER_ID,
      invited_by_user_id: null,
    };
    expectContract(
      shellEventSchema,
      { type: 'membership.role_changed', data },
      {
        'unknown membership event': { type: 'membership.deleted' },
        'lifecycle data under a membership name': {
          data: {
            installation_id: OTHER_ID,
            module_key: 'crm',
            version: '1.0.0',
            state: 'enabled',
          },
        },
        'personal data': { data: { ...data, email: 'someone@example.com' } },
        'no such role': { data: { ...data, role_template: 'owner' } },
        'no actor': { data: { ...data, actor_user_id: undefined } },
        'unknown reason': { data: { ...data, reason: 'left' } },
      },
    );
    expect(membershipStream(USER_ID)).toBe(`memberships/${USER_ID}`);
  });

  it('SHELL_EVENT_NAMES / shellEventDataSchema: every shell-events name with its data, nothing else', () => {
    expect([...SHELL_EVENT_NAMES].sort()).toStrictEqual(
      [...MODULE_LIFECYCLE_EVENTS, ...MEMBERSHIP_EVENTS].sort(),
    );
    for (const name of MODULE_LIFECYCLE_EVENTS) {
      expect(shellEventDataSchema(name)).toBe(moduleLifecycleEventDataSchema);
    }
    for (const name of MEMBERSHIP_EVENTS) {
      expect(shellEventDataSchema(name)).toBe(membershipEventDataSchema);
    }
    // Every name is one the union accepts, and in a shell namespace.
    for (const name of SHELL_EVENT_NAMES) expect(isShellEventName(name)).toBe(true);
    // In a shell namespace but no event of the contract; not a shell namespace at all.
    for (const name of [
      'workspace.created',
      'membership.deleted',
      'module',
      'notes.note.created',
    ]) {
      expect(shellEventDataSchema(name)).toBeUndefined();
    }
    // Inherited object keys are no event names.
    expect(shellEventDataSchema('constructor')).toBeUndefined();
  });
});
