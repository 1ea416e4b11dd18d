/** The audit log filters as the page's address carries them (`/audit?action=...`). */
export interface AuditFilters {
  action: string;
  actor: string;
  workspace: string;
  /** `YYYY-MM-DD`, inclusive (UTC). */
  from: string;
  /** `YYYY-MM-DD`, inclusive (UTC). */
  to: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of a search-params object; malformed values are dropped, not sent. */
export function readAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const one = (name: string) => {
    const value = params[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  const day = (value: string) => (DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : '');
  const id = (value: string) => (UUID.test(value) ? value : '');
  return {
    action: one('action').slice(0, 128),
    actor: id(one('actor')),
    workspace: id(one('workspace')),
    from: day(one('from')),
    to: day(one('to')),
  };
}

/** The day after `YYYY-MM-DD`, so an inclusive "to" day becomes the API's exclusive bound. */
function nextDay(day: string): string {
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

/** The actions the platform records, offered as suggestions in the action filter. */
export const KNOWN_AUDIT_ACTIONS = [
  'auth.sign_in',
  'impersonation.start',
  'impersonation.stop',
  'membership.update',
  'user.email_change_requested',
  'user.email_change_verified',
  'user.invitation_accepted',
  'user.invite',
  'user.password_reset_completed',
  'user.password_reset_link',
  'user.password_reset_requested',
  'user.profile_update',
  'user.reactivate',
  'user.suspend',
  'workspace.activate',
  'workspace.archive',
  'workspace.create',
  'workspace.rename',
  'workspace.suspend',
  'workspace.switch',
] as const;
