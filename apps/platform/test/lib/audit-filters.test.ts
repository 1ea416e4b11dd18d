import { describe, expect, it } from 'vitest';
import { auditLogQuery, readAuditFilters } from '@/lib/audit-query';

describe('readAuditFilters on hostile addresses', () => {
  it('drops days the API could not take, so the page never sends them', () => {
    for (const day of ['0000-01-01', '9999-12-31', '2026-13-45', '2026-1-1', '2026-01-01\u0000']) {
      const filters = readAuditFilters({ from: day, to: day });
      expect(filters.from, day).toBe('');
      expect(filters.to, day).toBe('');
    }
  });

  it('drops actions, actors and workspaces that are not what they claim', () => {
    const filters = readAuditFilters({
      action: '\u0000',
      actor: 'not-a-uuid',
      workspace: ['a', 'b'],
    });
    expect(filters).toMatchObject({ action: '', actor: '', workspace: '' });
  });

  it('keeps the first and the last day as API bounds', () => {
    const filters = readAuditFilters({ from: '0001-01-01', to: '9999-12-30' });
    expect(auditLogQuery(filters, 50)).toBe(
      'limit=50&from=0001-01-01T00%3A00%3A00Z&to=9999-12-31T00%3A00%3A00.000Z',
    );
  });
});
