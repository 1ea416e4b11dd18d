import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AuditFiltersForm } from './audit/audit-filters';
import { EventFiltersForm } from './events/event-filters';
import { ResolutionLogFilters } from './integrations/resolution-log-filters';

// The audit, events and resolution log filters are built from filter-form.tsx: a GET form to
// the list, selects whose empty choice means any, the period with its problem tied to From,
// and Apply / Clear. Rendered statically: the markup a browser gets before any script.

const WORKSPACE = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Dental' };
const PERIOD_PROBLEM = 'From must be on or before To.';

const audit = (problem: string | null) =>
  renderToStaticMarkup(
    createElement(AuditFiltersForm, {
      filters: {
        action: 'user.invite',
        actor: '',
        workspace: WORKSPACE.id,
        from: '2026-12-07',
        to: '2026-12-01',
      },
      actors: [{ id: 'u1', name: 'Ada' }],
      workspaces: [WORKSPACE],
      problem,
    }),
  );

describe('filter forms', () => {
  it('audit: a GET form to /audit keeping each value, the period problem tied to From', () => {
    const html = audit(PERIOD_PROBLEM);
    expect(html).toMatch(
      /^<form method="get" action="\/audit" class="[^"]+" aria-label="Filter the audit log">/,
    );
    expect(html).toMatch(/<label[^>]*for="audit-action">Action<\/label>/);
    expect(html).toContain('<option value="">Any action</option>');
    expect(html).toMatch(/<option value="user.invite" selected="">[^<]+<\/option>/);
    expect(html).toContain(
      '<option value="" selected="">Anyone</option><option value="u1">Ada</option>',
    );
    expect(html).toContain(`<option value="${WORKSPACE.id}" selected="">Dental</option>`);
    expect(html).toMatch(
      /<input type="date"[^>]*id="audit-from" name="from" aria-invalid="true" aria-describedby="audit-filters-problem" value="2026-12-07"/,
    );
    expect(html).toMatch(/<input type="date"[^>]*id="audit-to" name="to" value="2026-12-01"/);
    expect(html).toMatch(/id="audit-filters-problem"[^>]*>[\s\S]*From must be on or before To\./);
    expect(html).toContain('<button');
    expect(html).toContain('Apply filters');
    expect(html).toMatch(/<a[^>]*href="\/audit"[^>]*>Clear filters<\/a>/);
  });

  it('without a problem From is not marked and no problem is shown', () => {
    const html = audit(null);
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('audit-filters-problem');
  });

  it('resolution log: provider, outcome, reason and subject selects, cleared to the log', () => {
    const html = renderToStaticMarkup(
      createElement(ResolutionLogFilters, {
        filters: {
          provider: 'github',
          outcome: 'failed',
          reason: '',
          subject: '',
          from: '',
          to: '',
        },
        providers: [{ key: 'github', name: 'GitHub' }],
        workspaces: [WORKSPACE],
        problem: null,
      }),
    );
    expect(html).toMatch(/^<form method="get" action="\/settings\/integrations\/resolutions"/);
    expect(html).toContain('aria-label="Filter the resolution log"');
    expect(html).toContain('<option value="github" selected="">GitHub</option>');
    expect(html).toContain(
      '<option value="resolved">Resolved</option><option value="failed" selected="">Failed</option>',
    );
    expect(html).toContain('<option value="" selected="">Any reason</option>');
    expect(html).toContain('<option value="own_credential">');
    expect(html).toContain(`<option value="${WORKSPACE.id}">Dental</option>`);
    expect(html).toMatch(/<input type="date"[^>]*id="resolutions-from" name="from"/);
    expect(html).toMatch(
      /<a[^>]*href="\/settings\/integrations\/resolutions"[^>]*>Clear filters<\/a>/,
    );
  });

  it('events: the state select, and Clear keeps the picked workspace', () => {
    const html = renderToStaticMarkup(
      createElement(EventFiltersForm, {
        filters: { event_name: '', stream: '', correlation_id: '', state: 'dead_letter' },
        problems: {},
        workspace: WORKSPACE.id,
      }),
    );
    expect(html).toMatch(
      /^<form method="get" action="\/events"[^>]*aria-label="Filter the events">/,
    );
    expect(html).toContain(`<input type="hidden" name="workspace" value="${WORKSPACE.id}"/>`);
    expect(html).toContain('<option value="">Any state</option>');
    expect(html).toMatch(/<option value="dead_letter" selected="">/);
    expect(html).toMatch(
      new RegExp(`<a[^>]*href="/events\\?workspace=${WORKSPACE.id}"[^>]*>Clear filters</a>`),
    );
  });
});
