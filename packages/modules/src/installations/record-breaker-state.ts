import type { Db } from '@aiconnected/db';
import type { ModuleBreaker } from '@aiconnected/sdk-contracts';

export interface RecordBreakerStateInput {
  moduleKey: string;
  version: string;
  /** The breaker as it is after the transition (the gateway's `BreakerView`). */
  view: ModuleBreaker;
}

/**
 * Records a transition of the gateway's circuit breaker of a module version's target on its
 * `module_target_health` row (migration 039; written by the service, on transitions only), so
 * `GET /modules/available` shows it. A version without a row (never health-checked, so never
 * enabled, so never forwarded to) records nothing: answers whether a row was written.
 */
export async function recordBreakerState(db: Db, input: RecordBreakerStateInput): Promise<boolean> {
  const { view } = input;
  return db.withService('modules: record a gateway breaker transition', async (tx) => {
    const { rowCount } = await tx.query(
      `update public.module_target_health
          set breaker_state = $3, breaker_ejections = $4, breaker_open_until = $5,
              breaker_changed_at = coalesce($6::timestamptz, now())
        where module_key = $1 and version = $2`,
      [
        input.moduleKey,
        input.version,
        view.state,
        view.ejections,
        view.open_until,
        view.changed_at,
      ],
    );
    return rowCount === 1;
  });
}
