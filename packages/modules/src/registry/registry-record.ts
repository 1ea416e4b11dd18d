import type {
  ModuleAssessment,
  ModuleManifest,
  ModuleRegistryEntry,
  ModuleRegistryRecord,
  ModuleRegistryStatus,
} from '@aiconnected/sdk-contracts';

/**
 * The registry rows with their reviews (`from ${REGISTRY_FROM}`, aliases `r` and `rv`). The
 * review columns (the assessment, reviewers, review note) are not selectable by `authenticated`
 * (migration 056): `shell.module_registry_reviews()` answers them to platform `modules.install`
 * only, so the registry screens read them under RLS and nobody else can.
 */
export const REGISTRY_FROM = `public.module_registry r
  left join shell.module_registry_reviews() rv on rv.registry_id = r.id`;

/** The columns of a registry row as the registry functions select them (`REGISTRY_FROM`). */
export const REGISTRY_COLUMNS = `r.id, r.module_key, r.version, r.status, r.origin, r.manifest_json,
  coalesce(rv.assessment_json, '{}'::jsonb) as assessment_json,
  to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at,
  to_char(r.registered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as registered_at,
  to_char(rv.reviewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as reviewed_at,
  rv.review_note,
  exists (select 1 from public.module_catalog c
           where c.module_key = r.module_key and c.current_version = r.version) as is_current`;

export interface RegistryRow {
  id: string;
  module_key: string;
  version: string;
  status: ModuleRegistryStatus;
  origin: 'import' | 'builder';
  manifest_json: ModuleManifest;
  assessment_json: ModuleAssessment;
  created_at: string;
  registered_at: string | null;
  reviewed_at: string | null;
  review_note: string | null;
  is_current: boolean;
}

function versionFields(row: RegistryRow) {
  return {
    id: row.id,
    module_key: row.module_key,
    version: row.version,
    name: row.manifest_json.name,
    description: row.manifest_json.description,
    status: row.status,
    origin: row.origin,
    is_current: row.is_current,
    paid: row.manifest_json.paid === true,
    created_at: row.created_at,
    registered_at: row.registered_at,
    reviewed_at: row.reviewed_at,
    review_note: row.review_note,
  };
}

/** A registry row as `ModuleRegistryRecord` (with its manifest and assessment). */
export function toRegistryRecord(row: RegistryRow): ModuleRegistryRecord {
  return { ...versionFields(row), manifest: row.manifest_json, assessment: row.assessment_json };
}

/** A registry row as `ModuleRegistryEntry` (the list's summary). */
export function toRegistryEntry(row: RegistryRow): ModuleRegistryEntry {
  const counts = row.assessment_json.counts as ModuleAssessment['counts'] | undefined;
  return { ...versionFields(row), counts: counts ?? { blocking: 0, warning: 0 } };
}
