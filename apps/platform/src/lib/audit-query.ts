import { isAuditAction, type AuditAction } from '@aiconnected/sdk-contracts';

/** The audit log filters as the page's address carries them (`/audit?action=...`). */
export interface AuditFilters {
  /** One of `AUDIT_ACTIONS`, or '' for any. */
  action: AuditAction | '';
  actor: string;
  workspace: string;
  /** `YYYY-MM-DD`, inclusive (UTC). */
  from: string;
  /** `YYYY-MM-DD`, inclusive (UTC). */
  to: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A day the API can take as a bound: years 0001 to 9999, the day after it too (`to`). */
const DAY = /^(?!0000)\d{4}-\d{2}-\d{2}$/;
const LAST_DAY = '9999-12-30';

/** A `YYYY-MM-DD` filter day the API can take as a bound, else '' (dropped, not sent). */
export function readDay(value: string): string {
  return DAY.test(value) && value <= LAST_DAY && !Number.isNaN(Date.parse(value)) ? value : '';
}

/** The filters of a search-params object; malformed values are dropped, not sent. */
export function readAuditFilters(
  params: Record<string, string | string[] | undefined>,
): AuditFilters {
  const one = (name: string) => {
    const value = params[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  const id = (value: string) => (UUID.test(value) ? value : '');
  const action = one('action');
  return {
    action: isAuditAction(action) ? action : '',
    actor: id(one('actor')),
    workspace: id(one('workspace')),
    from: readDay(one('from')),
    to: readDay(one('to')),
  };
}

/** The day after `YYYY-MM-DD`, so an inclusive "to" day becomes the API's exclusive bound. */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

/** The `GET /api/audit-logs` query string of the filters (without a cursor). */
export function auditLogQuery(filters: AuditFilters, limit: number): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filters.action) query.set('action', filters.action);
  if (filters.actor) query.set('actor_user_id', filters.actor);
  if (filters.workspace) query.set('workspace_id', filters.workspace);
  if (filters.from) query.set('from', `${filters.from}T00:00:00Z`);
  if (filters.to) query.set('to', nextDay(filters.to));
  return query.toString();
}

/** What is wrong with the filters' period, for the form; null when nothing is. */
export function auditPeriodProblem(filters: Pick<AuditFilters, 'from' | 'to'>): string | null {
  return filters.from && filters.to && filters.from > filters.to
    ? 'The "From" day must not be later than the "To" day.'
    : null;
}
