import type { ModuleBreaker } from '@aiconnected/sdk-contracts';

/** The breaker columns of a `module_target_health` row (migration 039); null: no row. */
export interface BreakerColumns {
  breaker_state: ModuleBreaker['state'] | null;
  breaker_ejections: number | null;
  breaker_open_until: Date | null;
  breaker_changed_at: Date | null;
}

/** The SQL select list of `BreakerColumns` from `module_target_health` aliased `alias`. */
export const breakerColumnsOf = (alias: string) =>
  `${alias}.breaker_state, ${alias}.breaker_ejections, ${alias}.breaker_open_until, ${alias}.breaker_changed_at`;

/** The breaker a health row records; closed, never changed, when there is no row. */
export function toModuleBreaker(row: BreakerColumns): ModuleBreaker {
  return {
    state: row.breaker_state ?? 'closed',
    ejections: row.breaker_ejections ?? 0,
    open_until: row.breaker_open_until?.toISOString() ?? null,
    changed_at: row.breaker_changed_at?.toISOString() ?? null,
  };
}
