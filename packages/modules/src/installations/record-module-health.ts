import type { Db } from '@aiconnected/db';
import type { ModuleHealth } from '@aiconnected/sdk-contracts';
import type { ProbeResult } from './probe-module-target';

/**
 * Records the last health check of a module version's target (`module_target_health`, one row
 * per version, written by the service: migration 033). In its own transaction, so the check
 * stays recorded when the enable it was made for is refused.
 */
export async function recordModuleHealth(
  db: Db,
  moduleKey: string,
  version: string,
  result: ProbeResult,
): Promise<ModuleHealth> {
  return db.withService('modules: record a target health check', async (tx) => {
    const { rows } = await tx.query<{ checked_at: Date }>(
      `insert into public.module_target_health
         (module_key, version, status, http_status, latency_ms, detail, checked_at)
       values ($1, $2, $3, $4, $5, $6, now())
       on conflict (module_key, version) do update
         set status = excluded.status, http_status = excluded.http_status,
             latency_ms = excluded.latency_ms, detail = excluded.detail,
             checked_at = excluded.checked_at
       returning checked_at`,
      [moduleKey, version, result.status, result.http_status, result.latency_ms, result.detail],
    );
    return {
      status: result.status,
      checked_at: rows[0]?.checked_at.toISOString() ?? null,
      http_status: result.http_status,
      latency_ms: result.latency_ms,
      detail: result.detail,
    };
  });
}
