import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { ModuleAvailability, ModuleBreaker, ModulePolicy } from '@aiconnected/sdk-contracts';
import { ConfigFields } from './config-fields';
import { configFormOf } from './config-form-model';
import { ModuleCard } from './module-card';
import { ModulePolicySwitch } from './module-policy-switch';
import { PaidModuleNotice } from './paid-module-notice';

// The card refreshes after an action; rendering it needs no router beyond that.
vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: () => undefined }) }));

const ALL = { install: true, enable: true, disable: true };
const CLOSED: ModuleBreaker = { state: 'closed', ejections: 0, open_until: null, changed_at: null };
const NONE = { install: false, enable: false, disable: false };

function item(overrides: Partial<ModuleAvailability>): ModuleAvailability {
  return {
    module_key: 'hello',
    name: 'Hello',
    description: 'Says hello.',
    state: 'enabled',
    version: '1.0.0',
    previous_version: null,
    current_version: '1.0.0',
    upgrade_available: false,
    paid: false,
    config_schema: { type: 'object', properties: {} },
    health: {
      status: 'healthy',
      checked_at: '2026-12-06T10:00:00Z',
      http_status: 200,
      latency_ms: 12,
      detail: null,
      breaker: CLOSED,
    },
    token_permissions: [],
    requestable_permissions: [],
    navigation: [],
    blocked_by: null,
    ...overrides,
  };
}

const card = (availability: ModuleAvailability, abilities = ALL) =>
  renderToStaticMarkup(
    createElement(ModuleCard, { item: availability, workspaceId: 'w', abilities }),
  );

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The card's parts in the order they come, by a marker each. */
function order(html: string, markers: string[]): number[] {
  return markers.map((marker) => html.indexOf(marker));
}

describe('module card layout', () => {
  it('puts name, the key and version line, then the badge row, then the text, then the actions footer, whatever the badges', () => {
    const hello = card(item({}));
    const notes = card(
      item({
        module_key: 'notes',
        name: 'Notes',
        state: 'not_installed',
        version: null,
        paid: true,
        health: {
          status: 'unknown',
          checked_at: null,
          http_status: null,
          latency_ms: null,
          detail: null,
          breaker: CLOSED,
        },
      }),
    );
    for (const html of [hello, notes]) {
      const positions = order(html, [
        '<h3',
        'font-mono',
        'aria-label="',
        'Check now',
        'border-t px-4',
      ]);
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toStrictEqual(positions);
    }
    expect(text(hello)).toContain('Hello hello · Version 1.0.0 Enabled Healthy Says hello.');
    expect(text(notes)).toContain(
      'Notes notes · Version 1.0.0 Not installed Health unknown Paid Says hello.',
    );
  });

  it('shows Healthy as a green success badge with a check, apart from the state badge', () => {
    const html = card(item({}));
    const healthy =
      /<div class="([^"]*)">(<svg[^>]*lucide-circle-check[^>]*>.*?<\/svg>)Healthy<\/div>/.exec(
        html,
      );
    expect(healthy?.[1]).toContain('bg-emerald-100 text-emerald-900');
    expect(healthy?.[1]).toContain('dark:bg-emerald-950 dark:text-emerald-200');
    const enabled = /<div class="([^"]*)">Enabled<\/div>/.exec(html);
    expect(enabled?.[1]).toContain('bg-primary');
    expect(card(item({ health: { ...item({}).health, status: 'unhealthy' } }))).toMatch(
      /bg-destructive[^"]*"><svg[^>]*lucide-circle-x/,
    );
  });

  it('shows a billing badge and says so when billing blocks a paid module', () => {
    expect(card(item({ paid: true }))).not.toContain('Billing');
    const suspended = card(
      item({ paid: true, blocked_by: { code: 'BILLING_SUSPENDED', reason: 'suspended' } }),
    );
    expect(suspended).toMatch(
      /bg-destructive[^"]*"[^>]*><svg[^>]*lucide-credit-card[^>]*>.*?<\/svg>Billing suspended</,
    );
    expect(suspended).toContain('cannot be used here until it is active again.');
    expect(suspended).toContain('BILLING_SUSPENDED');
    const required = card(
      item({ paid: true, blocked_by: { code: 'BILLING_REQUIRED', reason: 'canceled' } }),
    );
    expect(required).toContain('Billing required');
    expect(required).toContain('needs an active subscription to be used here.');
  });

  it('makes "Check now" a small outline button with an icon, named after the module', () => {
    const button = /<button[^>]*>(?:(?!<\/button>).)*Check now(?:(?!<\/button>).)*<\/button>/.exec(
      card(item({})),
    )?.[0];
    expect(button).toContain('border border-input');
    expect(button).toContain('h-8');
    expect(button).toContain('lucide-refresh-cw');
    expect(text(button ?? '')).toBe('Check now Hello');
  });

  it('has an actions footer only when the visitor may act', () => {
    expect(text(card(item({}), ALL))).toContain('Disable Hello');
    expect(card(item({}), NONE)).not.toContain('border-t px-4');
    expect(text(card(item({}), NONE))).not.toContain('Disable');
  });
});

describe('gateway circuit breaker on the card', () => {
  const withBreaker = (breaker: ModuleBreaker) =>
    card(item({ health: { ...item({}).health, breaker } }));

  it('adds nothing while closed', () => {
    const html = card(item({}));
    expect(html).not.toContain('paused');
    expect(html).not.toContain('Checking');
  });

  it('says when an open breaker retries and how often it paused, with a red badge and a pause sign', () => {
    const html = withBreaker({
      state: 'open',
      ejections: 3,
      open_until: '2026-12-06T21:05:40Z',
      changed_at: '2026-12-06T21:05:00Z',
    });
    expect(html).toMatch(
      /<div class="[^"]*bg-destructive[^"]*"><svg[^>]*lucide-circle-pause[^>]*>.*?<\/svg>Requests paused<\/div>/,
    );
    // Next to health, in the status row.
    expect(text(html)).toContain('Enabled Healthy Requests paused');
    expect(text(html)).toContain(
      'Paused after failures, retrying at 2026-12-06 21:05:40 UTC (paused 3 times in a row): requests to its service are refused until then.',
    );
  });

  it('says a half-open breaker is checking, as an outline badge with its own sign', () => {
    const html = withBreaker({
      state: 'half_open',
      ejections: 1,
      open_until: null,
      changed_at: '2026-12-06T21:05:40Z',
    });
    expect(html).toMatch(/<svg[^>]*lucide-circle-dashed[^>]*>.*?<\/svg>Checking<\/div>/);
    expect(text(html)).toContain('Healthy Checking');
    expect(text(html)).toContain('Checking its service after failures: the next request waits');
  });

  it('is the installed version’s: a module not installed here shows none', () => {
    const open: ModuleBreaker = {
      state: 'open',
      ejections: 1,
      open_until: '2026-12-06T21:05:40Z',
      changed_at: '2026-12-06T21:05:35Z',
    };
    for (const state of ['not_installed', 'uninstalled'] as const) {
      const html = card(
        item({ state, version: null, health: { ...item({}).health, breaker: open } }),
      );
      expect(html, state).not.toContain('Requests paused');
      expect(html, state).not.toContain('Paused after failures');
    }
  });
});

describe('UI token grants on the card', () => {
  const granting = (overrides: Partial<ModuleAvailability>, abilities = ALL) =>
    card(
      item({
        requestable_permissions: ['hello.greeting.read', 'hello.greeting.write'],
        token_permissions: ['hello.greeting.read'],
        ...overrides,
      }),
      abilities,
    );

  it('is absent until the module is installed here', () => {
    for (const state of ['not_installed', 'uninstalled'] as const)
      expect(granting({ state, version: null }), state).not.toContain('UI tokens');
  });

  it('lists each requestable permission as a labelled switch, with the one-line default and Save', () => {
    const html = granting({});
    const switches = [...html.matchAll(/<button[^>]*role="switch"[^>]*>/g)].map(([tag]) => tag);
    expect(switches).toHaveLength(2);
    expect(switches[0]).toContain('aria-checked="true"');
    expect(switches[1]).toContain('aria-checked="false"');
    for (const [index, key] of ['hello.greeting.read', 'hello.greeting.write'].entries()) {
      const id = /id="([^"]+)"/.exec(switches[index] ?? '')?.[1];
      expect(html).toContain(`for="${id}"`);
      expect(html).toMatch(new RegExp(`for="${id}"[^>]*>${key}</label>`));
    }
    const hint = /<p id="([^"]+)"[^>]*>(No token by default[^<]*)<\/p>/.exec(html);
    expect(hint?.[2]).toBe(
      'No token by default: the module’s screens get a short-lived token only for the permissions granted here, and only those the person using them holds.',
    );
    expect(switches[0]).toContain(`aria-describedby="${hint?.[1]}"`);
    // Nothing changed yet: Save waits for a change.
    const save =
      /<button[^>]*>(?:(?!<\/button>).)*Save UI tokens(?:(?!<\/button>).)*<\/button>/.exec(
        html,
      )?.[0];
    expect(save).toContain('disabled=""');
    expect(text(save ?? '')).toBe('Save UI tokens of Hello');
    // Above the actions footer.
    expect(html.indexOf('UI tokens')).toBeLessThan(html.indexOf('Disable'));
  });

  it('shows the grants read-only to those who may not install', () => {
    for (const abilities of [NONE, { install: false, enable: true, disable: true }]) {
      const html = granting({}, abilities);
      expect(html).not.toContain('role="switch"');
      expect(html).not.toContain('Save UI tokens');
      expect(text(html)).toContain(
        'UI tokens of Hello No token by default: the module’s screens get a short-lived token only for the permissions granted here, and only those the person using them holds. hello.greeting.read Granted hello.greeting.write Not granted',
      );
    }
  });

  it('says so when the module requests no permissions', () => {
    for (const abilities of [ALL, NONE]) {
      const html = granting({ requestable_permissions: [], token_permissions: [] }, abilities);
      expect(html).not.toContain('role="switch"');
      expect(text(html)).toContain(
        'UI tokens of Hello Hello requests no permissions, so its screens never get a token.',
      );
    }
  });
});

describe('agency module policy', () => {
  const policy = (on: boolean): ModulePolicy =>
    ({ agency_workspace_id: 'a', businesses_may_manage: on }) as ModulePolicy;

  it('is a labelled switch with a one-line explanation, read-only without the capability', () => {
    const html = renderToStaticMarkup(
      createElement(ModulePolicySwitch, { policy: policy(true), editable: true }),
    );
    const switchTag = /<button[^>]*role="switch"[^>]*>/.exec(html)?.[0] ?? '';
    expect(switchTag).toContain('aria-checked="true"');
    const id = /id="([^"]+)"/.exec(switchTag)?.[1];
    expect(html).toContain(`for="${id}"`);
    expect(text(html)).toBe(
      'Businesses may manage their modules When on, the admins and managers of this agency’s businesses install and switch their own modules; when off, only the agency does.',
    );
    const readOnly = renderToStaticMarkup(
      createElement(ModulePolicySwitch, { policy: policy(false), editable: false }),
    );
    expect(readOnly).toMatch(/role="switch" aria-checked="false"[^>]*disabled=""/);
  });
});

describe('install dialog parts', () => {
  it('says a paid module needs an active subscription to be enabled', () => {
    expect(text(renderToStaticMarkup(createElement(PaidModuleNotice)))).toBe(
      'Paid module: enabling it needs an active subscription for this workspace (or its agency). Installing it is free and leaves it off.',
    );
  });

  it('labels fields in words and shows enum options in words, keeping their values', () => {
    const form = configFormOf({
      type: 'object',
      properties: { default_visibility: { enum: ['private', 'workspace'] } },
    });
    if (form.kind !== 'fields') throw new Error('expected fields');
    const html = renderToStaticMarkup(
      createElement(ConfigFields, {
        fields: form.fields,
        values: { default_visibility: '' },
        issues: {},
        onChange: () => undefined,
      }),
    );
    expect(text(html)).toBe('Default visibility (optional) Module default Private Workspace');
    expect(html).toContain(
      '<option value="0">Private</option><option value="1">Workspace</option>',
    );
  });
});
