import { schemaVersion, type Db } from '@aiconnected/db';

/** What the platform knows about its database right now. */
export interface DatabaseProbe {
  database: 'ok' | 'unavailable';
  /** The highest applied migration, or null when unknown (unreachable) or none is applied. */
  schema_version: number | null;
  /** Why the probe failed, for the server log only; never sent to clients. */
  failure?: unknown;
}

/** Long enough for a cold connection, short enough that a load balancer's check does not hang. */
export const DEFAULT_PROBE_TIMEOUT_MS = 2_000;

class ProbeTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`database probe timed out after ${timeoutMs} ms`);
    this.name = 'ProbeTimeout';
  }
}

/**
 * Reads the schema version, bounded by `timeoutMs` so an unreachable host (no TCP reset, only
 * silence) answers "unavailable" quickly instead of holding the request. `db` is null when the
 * process has no DATABASE_URL.
 */
export async function probeDatabase(
  db: Db | null,
  timeoutMs: number = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<DatabaseProbe> {
  if (!db) {
    return {
      database: 'unavailable',
      schema_version: null,
      failure: 'DATABASE_URL is not set',
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(timeoutMs)), timeoutMs);
  });
  try {
    const version = await Promise.race([schemaVersion(db.pool), timeout]);
    return { database: 'ok', schema_version: version };
  } catch (failure) {
    return { database: 'unavailable', schema_version: null, failure };
  } finally {
    clearTimeout(timer);
  }
}
