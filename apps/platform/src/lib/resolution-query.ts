import {
  CREDENTIAL_RESOLUTION_REASONS,
  providerKeySchema,
  RESOLUTION_OUTCOMES,
  type CredentialResolutionReason,
} from '@aiconnected/sdk-contracts';
import { nextDay, readDay } from './audit-query';

/** The resolution log's filters as the page's address carries them. */
export interface ResolutionFilters {
  provider: string;
  outcome: (typeof RESOLUTION_OUTCOMES)[number] | '';
  reason: CredentialResolutionReason | '';
  /** A workspace of the tree the decisions were made for. */
  subject: string;
  /** `YYYY-MM-DD`, inclusive (UTC). */
  from: string;
  to: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = <T extends string>(list: readonly T[], value: string): T | '' =>
  (list as readonly string[]).includes(value) ? (value as T) : '';

/** The filters of a search-params object; malformed values are dropped, not sent. */
export function readResolutionFilters(
  params: Record<string, string | string[] | undefined>,
): ResolutionFilters {
  const one = (name: string) => {
    const value = params[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  const provider = one('provider');
  const subject = one('subject');
  return {
    provider: providerKeySchema.safeParse(provider).success ? provider : '',
    outcome: oneOf(RESOLUTION_OUTCOMES, one('outcome')),
    reason: oneOf(CREDENTIAL_RESOLUTION_REASONS, one('reason')),
    subject: UUID.test(subject) ? subject : '',
    from: readDay(one('from')),
    to: readDay(one('to')),
  };
}

export const hasResolutionFilters = (filters: ResolutionFilters): boolean =>
  Object.values(filters).some((value) => value !== '');

/** The `GET /api/credentials/resolutions` query of the filters (without a cursor). */
export function resolutionLogQuery(
  workspaceId: string,
  filters: ResolutionFilters,
  limit: number,
): string {
  const query = new URLSearchParams({ workspace_id: workspaceId, limit: String(limit) });
  if (filters.provider) query.set('provider_key', filters.provider);
  if (filters.outcome) query.set('outcome', filters.outcome);
  if (filters.reason) query.set('reason', filters.reason);
  if (filters.subject) query.set('subject_workspace_id', filters.subject);
  if (filters.from) query.set('from', `${filters.from}T00:00:00Z`);
  if (filters.to) query.set('to', nextDay(filters.to));
  return query.toString();
}
