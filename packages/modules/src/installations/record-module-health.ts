import type { Db } from '@aiconnected/db';
import type { ModuleHealth } from '@aiconnected/sdk-contracts';
import { breakerColumnsOf, toModuleBreaker, type BreakerColumns } from './module-breaker';
import type { ProbeResult } from './probe-module-target';

/**
 * Records the last health check of a module version's target (`module_target_health`, one row
 * per version, written by the service: migration 033), answered with the gateway's breaker as
 * recorded there (039). In its own transaction, so the check
 * stays recorded when the enable it was made for is refused.
 */
export async function recordModuleHealth(
  db: Db,
  moduleKey: string,
  version: string,
  result: ProbeResult,
): Promise<ModuleHealth> {
  return db.withService('modules: record a target health check', async (tx) => {
    const { rows } = await tx.query<{ checked_at: Date } & BreakerColumns>(
      `insert into public.module_target_health
         (module_key, version, status, http_status, latency_ms, detail, checked_at)
       values ($1, $2, $3, $4, $5, $6, now())
       on conflict (module_key, version) do update
         set status = excluded.status, http_status = excluded.http_status,
             latency_ms = excluded.latency_ms, detail = excluded.detail,
             checked_at = excluded.checked_at
       returning checked_at, ${breakerColumnsOf('module_target_health')}`,
      [moduleKey, version, result.status, result.http_status, result.latency_ms, result.detail],
    );
    const row = rows[0];
    return {
      status: result.status,
      checked_at: row?.checked_at.toISOString() ?? null,
      http_status: result.http_status,
      latency_ms: result.latency_ms,
      detail: result.detail,
      // A health check does not move the gateway's breaker; it is answered as recorded.
      breaker: toModuleBreaker(
        row ?? {
          breaker_state: null,
          breaker_ejections: null,
          breaker_open_until: null,
          breaker_changed_at: null,
        },
      ),
    };
  });
}
