import type { Db, Tx } from '@aiconnected/db';
import type { TestDatabase } from '@aiconnected/db/testing';

export interface Gate {
  db: Db;
  /** Resolves once the gated statement has run (its transaction still open). */
  entered: Promise<void>;
  release: () => void;
}

/**
 * `test.db`, whose transactions (workspace and service ones) stop after the first statement
 * containing `fragment` until `release()`: the statement's locks are held meanwhile.
 */
export function gatedAfter(test: TestDatabase, fragment: string): Gate {
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let done = false;
  const hold = (tx: Tx): Tx =>
    new Proxy(tx, {
      get(target, key) {
        if (key !== 'query') return Reflect.get(target, key, target) as unknown;
        return async (...args: Parameters<Tx['query']>) => {
          const result = await (target.query as (...a: unknown[]) => Promise<unknown>)(...args);
          if (!done && typeof args[0] === 'string' && args[0].includes(fragment)) {
            done = true;
            entered();
            await gate;
          }
          return result;
        };
      },
    });
  const db: Db = {
    ...test.db,
    withWorkspace: (ctx, fn) => test.db.withWorkspace(ctx, (tx) => fn(hold(tx))),
    withService: (reason, fn) => test.db.withService(reason, (tx) => fn(hold(tx))),
  };
  return { db, entered: inside, release };
}

/** Resolves when `call` has settled or a statement of the test database waits for a lock. */
export async function settledOrWaiting(test: TestDatabase, call: Promise<unknown>): Promise<void> {
  let settled = false;
  void call.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 2000 && !settled; i++) {
    const { rowCount } = await test.admin.query(
      `select 1 from pg_stat_activity
        where wait_event_type = 'Lock' and datname = current_database()`,
    );
    if ((rowCount ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
