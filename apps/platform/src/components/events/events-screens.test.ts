import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import {
  SHELL_EVENT_NAMES,
  type DeadLetterView,
  type EventDeliveryView,
  type EventSubscriptionView,
  type EventView,
  type IssuedCredentials,
} from '@aiconnected/sdk-contracts';
import { IssuedSecrets } from '../modules/issued-secrets';
import { DeadLetterList } from './dead-letter-list';
import { DeliveryCard } from './delivery-card';
import { EventList } from './event-list';
import { deliveryCountsText, deliveryStatusText, subscriptionHealth } from './event-labels';
import { EventsEmptyState } from './events-empty-state';
import { SubscriptionList } from './subscription-list';

vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: () => undefined }) }));

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const delivery = (overrides: Partial<EventDeliveryView> = {}): EventDeliveryView => ({
  id: '11111111-1111-4111-8111-111111111111',
  event_id: '22222222-2222-4222-8222-222222222222',
  module_key: 'hello',
  kind: 'event',
  action: null,
  state: 'delivered',
  attempts: 1,
  next_attempt_at: null,
  last_status: 204,
  last_error: null,
  skip_reason: null,
  replays: 0,
  delivered_at: '2026-12-07T10:00:01Z',
  dead_lettered_at: null,
  skipped_at: null,
  behind_dead_letter: false,
  ...overrides,
});

const event = (overrides: Partial<EventView> = {}): EventView => ({
  id: '22222222-2222-4222-8222-222222222222',
  workspace_id: '33333333-3333-4333-8333-333333333333',
  event_name: 'notes.note.created',
  source: '/modules/notes',
  stream: 'default',
  sequence: '00000000000000000042',
  correlation_id: 'req-1',
  occurred_at: '2026-12-07T10:00:00Z',
  recorded_at: '2026-12-07T10:00:00Z',
  delivery_state: 'delivered',
  payload: { id: 'n1' },
  deliveries: [delivery()],
  ...overrides,
});

describe('delivery and subscription wording', () => {
  it('says where a delivery stands in one sentence', () => {
    expect(deliveryStatusText(delivery())).toBe(
      'Delivered 2026-12-07 10:00:01 UTC after 1 attempt.',
    );
    expect(
      deliveryStatusText(
        delivery({
          state: 'pending',
          attempts: 2,
          last_status: 503,
          next_attempt_at: '2026-12-07T10:05:00Z',
        }),
      ),
    ).toBe('2 attempts, last answer 503; next try 2026-12-07 10:05:00 UTC.');
    expect(deliveryStatusText(delivery({ state: 'pending', attempts: 0 }))).toBe('Not tried yet.');
    expect(
      deliveryStatusText(delivery({ state: 'pending', attempts: 0, behind_dead_letter: true })),
    ).toBe(
      'Waiting behind a dead letter in its stream: sent once that delivery is retried, skipped or replayed.',
    );
    expect(
      deliveryStatusText(
        delivery({ state: 'dead_letter', attempts: 8, last_status: null, last_error: 'timeout' }),
      ),
    ).toBe('Gave up after 8 attempts, last error: timeout.');
    expect(
      deliveryStatusText(delivery({ state: 'skipped', skip_reason: 'endpoint_gone' })),
    ).toContain('410 Gone');
    expect(
      deliveryCountsText([
        delivery(),
        delivery({ state: 'dead_letter' }),
        delivery({ state: 'delivered' }),
      ]),
    ).toBe('2 delivered, 1 dead letter');
    expect(deliveryCountsText([])).toBe('none');
  });

  it('ranks a subscription’s health: disabled endpoint, then dead letters, then receiving', () => {
    const base: EventSubscriptionView = {
      module_key: 'hello',
      installation_id: '44444444-4444-4444-8444-444444444444',
      version: '1.0.0',
      state: 'enabled',
      consumes: ['notes.note.created'],
      events_path: '/events',
      actions: ['install'],
      endpoint: 'active',
      disabled_reason: null,
      disabled_at: null,
      pending: 0,
      dead_letter: 0,
      last_delivered_at: null,
      last_failure_at: null,
    };
    expect(subscriptionHealth(base)).toStrictEqual({
      label: 'Receiving',
      variant: 'success',
      text: 'Nothing waiting.',
    });
    expect(subscriptionHealth({ ...base, dead_letter: 2 }).label).toBe('Dead letters');
    expect(
      subscriptionHealth({
        ...base,
        dead_letter: 2,
        endpoint: 'disabled',
        disabled_reason: 'endpoint_gone',
      }).label,
    ).toBe('Endpoint disabled');
  });
});

describe('events monitor screens', () => {
  it('lists an event with its name as the button that opens its details', () => {
    const html = renderToStaticMarkup(
      createElement(EventList, {
        firstPage: { items: [event()], next_cursor: null },
        query: 'workspace_id=w&limit=50',
        workspaceId: 'w',
      }),
    );
    expect(text(html)).toContain(
      '2026-12-07 10:00:00 UTC notes.note.created /modules/notes default #42 Delivered 1 delivered',
    );
    expect(html).toMatch(
      /<button[^>]*aria-label="notes\.note\.created: details"[^>]*>notes\.note\.created</,
    );
    expect(text(html)).toContain('1 event shown (all)');
  });

  it('shows a delivery’s attempts with outcome, status and duration', () => {
    const html = renderToStaticMarkup(
      createElement(DeliveryCard, {
        delivery: {
          ...delivery({ state: 'dead_letter', attempts: 2, last_status: 500 }),
          attempts_log: [
            {
              attempt: 1,
              started_at: '2026-12-07T10:00:00Z',
              duration_ms: 12,
              response_status: 500,
              outcome: 'failed',
              error: null,
            },
            {
              attempt: 2,
              started_at: '2026-12-07T10:00:05Z',
              duration_ms: 10000,
              response_status: null,
              outcome: 'timeout',
              error: 'no answer within 10000 ms',
            },
          ],
        },
      }),
    );
    expect(text(html)).toContain(
      'hello Dead letter Event Gave up after 2 attempts, last answer 500.',
    );
    expect(text(html)).toContain('#1 2026-12-07 10:00:00 UTC Failed HTTP 500 12 ms');
    expect(text(html)).toContain(
      '#2 2026-12-07 10:00:05 UTC Timed out 10000 ms no answer within 10000 ms',
    );
    expect(text(html)).toContain('webhook-id 11111111-1111-4111-8111-111111111111');
  });

  it('offers Retry and Skip on each dead-lettered delivery, named for screen readers', () => {
    const item: DeadLetterView = {
      ...delivery({
        state: 'dead_letter',
        attempts: 8,
        last_status: 500,
        dead_lettered_at: '2026-12-07T11:00:00Z',
      }),
      event_name: 'notes.note.created',
      stream: 'default',
      sequence: '00000000000000000007',
      recorded_at: '2026-12-07T10:00:00Z',
    };
    const html = renderToStaticMarkup(
      createElement(DeadLetterList, {
        firstPage: { items: [item], next_cursor: 'next' },
        query: 'workspace_id=w&limit=50',
        workspaceId: 'w',
      }),
    );
    expect(text(html)).toContain('Retry notes.note.created to hello');
    expect(text(html)).toContain('Skip notes.note.created to hello');
    expect(text(html)).toContain('default #7');
    expect(text(html)).toContain('1 delivery shown Load more');
  });

  it('offers Resume, with or without re-delivering what was skipped, only for a disabled endpoint', () => {
    const base: EventSubscriptionView = {
      module_key: 'hello',
      installation_id: '44444444-4444-4444-8444-444444444444',
      version: '1.0.0',
      state: 'enabled',
      consumes: ['notes.note.created'],
      events_path: '/events',
      actions: [],
      endpoint: 'active',
      disabled_reason: null,
      disabled_at: null,
      pending: 3,
      dead_letter: 0,
      last_delivered_at: '2026-12-07T10:00:00Z',
      last_failure_at: null,
    };
    const render = (items: EventSubscriptionView[]) =>
      text(renderToStaticMarkup(createElement(SubscriptionList, { items, workspaceId: 'w' })));
    expect(render([base])).toContain('hello version 1.0.0 Receiving 3 deliveries on the way.');
    expect(render([base])).not.toContain('Resume');
    const gone = render([
      {
        ...base,
        endpoint: 'disabled',
        disabled_reason: 'endpoint_gone',
        disabled_at: '2026-12-07T11:00:00Z',
      },
    ]);
    expect(gone).toContain('Endpoint disabled');
    // Resume is offered with the re-delivery of what the 410 skipped (review-12 #7).
    expect(gone).toContain(
      'Resume can send them again, in order and with their original webhook-id',
    );
    expect(gone).toContain('Resume and re-deliver skipped for hello');
    expect(gone).toContain('Resume only hello’s endpoint');
  });

  it('explains what emits events when there are none, with a way to the modules', () => {
    const html = renderToStaticMarkup(
      createElement(EventsEmptyState, {
        kind: 'events',
        workspaceName: 'Northwind Dental',
        modulesHref: '/modules',
      }),
    );
    expect(text(html)).toContain('No events yet in Northwind Dental');
    expect(text(html)).toContain('events.emits');
    // Every event the shell records, from the contract: module.* and membership.*.
    expect(SHELL_EVENT_NAMES).toContain('membership.role_changed');
    for (const name of SHELL_EVENT_NAMES) expect(html).toContain(`>${name}</code>`);
    // Listed one per item (a name never breaks across lines), in the contract's order.
    const listed = [...html.matchAll(/<li><code[^>]*>([^<]+)<\/code><\/li>/g)].map((m) => m[1]);
    expect(listed).toStrictEqual([...SHELL_EVENT_NAMES]);
    expect(html).toContain('aria-label="Events the shell records"');
    expect(html).toContain('href="/modules"');
  });
});

describe('issued credentials', () => {
  it('shows each secret once with a copy button, the warning and the previous ones’ end', () => {
    const issued: IssuedCredentials = {
      api_key: {
        id: '55555555-5555-4555-8555-555555555555',
        prefix: 'aicm_abcd',
        secret: 'aicm_abcdSECRET',
      },
      webhook_secret: {
        id: '66666666-6666-4666-8666-666666666666',
        prefix: 'whsec_ab',
        secret: 'whsec_abSECRET',
      },
      previous_expire_at: '2026-12-08T10:00:00Z',
    };
    const html = renderToStaticMarkup(createElement(IssuedSecrets, { issued, idPrefix: 'c' }));
    expect(text(html)).toContain('Copy them now: you will not see them again');
    expect(html).toContain('value="aicm_abcdSECRET"');
    expect(html).toContain('value="whsec_abSECRET"');
    expect(text(html)).toContain('Copy api key');
    expect(text(html)).toContain('Copy webhook signing secret');
    expect(text(html)).toContain('keep working until 2026-12-08 10:00 UTC');
  });
});
