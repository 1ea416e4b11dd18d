import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Db, DbLogger } from './create-db';

/**
 * Payload prefix of the heartbeat's probes (`probe:<nonce>`): never handed to `onMessage`,
 * whichever process sent them, so a probe invalidates nothing.
 */
const PROBE_PREFIX = 'probe:';

/** What a channel listener reports: each notification, and whether LISTEN is in effect. */
export interface ChannelHandlers {
  /** A notification's payload (`''` when it has none). Called in the order Postgres sends them. */
  onMessage(payload: string): void;
  /**
   * `true` once notifications are proven to arrive (LISTEN in effect, a probe sent through the
   * pool received, `verify` passed), `false` as soon as that connection fails, ends or fails a
   * heartbeat (and on close). Notifications sent while `false` are lost: whoever relies on them
   * must not trust anything it learnt before `false` came.
   */
  onState(listening: boolean): void;
}

export interface ListenChannelOptions {
  /** Logs connection failures (warn). */
  logger?: DbLogger;
  /**
   * How often delivery is proven end to end: a `probe:<nonce>` notification sent on `channel`
   * through the POOL must arrive on the listening connection, and `verify` pass on it, within
   * this long, or the connection is dropped (and retried). The first proof comes before
   * `onState(true)`. Default 5 s.
   */
  heartbeatMs?: number;
  /** First reconnect delay, doubled per failed attempt up to `retryMaxMs`. Defaults 100 ms and 5 s. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** `application_name` of the listening connection. */
  applicationName?: string;
  /**
   * Runs on the listening connection after LISTEN, before `onState(true)`, and again at every
   * heartbeat: a rejection counts as a connection failure (logged, retried with backoff). For
   * what must hold while the notifications are trusted (e.g. that the triggers sending them
   * exist and are enabled).
   */
  verify?: (client: Pick<pg.ClientBase, 'query'>) => Promise<void>;
}

/** A running listener. */
export interface ChannelListener {
  /** Whether LISTEN is in effect right now (the last `onState`). */
  readonly listening: boolean;
  /** Stops listening for good (reports `false` if it was listening) and ends the connection. */
  close(): Promise<void>;
}

/** A channel name as LISTEN takes it: a plain lower-case identifier (it cannot be a parameter). */
const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/**
 * Sends `payload` on `channel` from a pooled connection, as the app's own writes notify. Behind
 * a transaction pooler (PgBouncer, Supabase's port 6543) the listener's LISTEN is not kept, so
 * this never arrives and the listener stays off. Checked out rather than `pool.query`, so it is
 * not one of the pool's `query` calls that tests count.
 */
async function sendProbe(pool: pg.Pool, channel: string, payload: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_notify($1, $2)', [channel, payload]);
  } finally {
    client.release();
  }
}

/**
 * Listens to Postgres notifications on `channel` over a dedicated connection (a pooled one
 * would lose its LISTEN when returned), with the pool's connection settings. Reconnects with
 * exponential backoff after any failure, and every heartbeat proves end to end that a
 * notification sent through the pool reaches it (a connection that answers queries but gets no
 * notifications is worthless), so a silent failure is noticed within about two heartbeats.
 * Every moment notifications could be missed is bracketed by `onState(false)` ...
 * `onState(true)`. It stops for good once `close` is called or its pool is ended.
 */
export function listenChannel(
  db: Pick<Db, 'pool'>,
  channel: string,
  handlers: ChannelHandlers,
  options: ListenChannelOptions = {},
): ChannelListener {
  if (!CHANNEL.test(channel)) throw new TypeError(`not a plain channel name: ${channel}`);
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const retryMinMs = options.retryMinMs ?? 100;
  const retryMaxMs = options.retryMaxMs ?? 5000;

  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let ended: Promise<void> = Promise.resolve();

  /** Runs `fn` after `ms` without keeping the process alive (the connection does that). */
  const after = (ms: number, fn: () => void) => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms).unref();
  };

  const report = (next: boolean) => {
    if (listening === next) return;
    listening = next;
    handlers.onState(next);
  };

  /** Forgets `failed` (if it is still the current connection) and schedules the next attempt. */
  const drop = (failed: pg.Client, error?: unknown) => {
    if (failed !== client) return;
    client = undefined;
    clearTimeout(timer);
    report(false);
    if (error !== undefined && !closed) {
      options.logger?.warn?.({ err: error, channel }, 'notification listener connection failed');
    }
    failed.removeAllListeners('notification');
    // Ending a connection that already failed can fail too; it is gone either way.
    ended = failed.end().catch(() => undefined);
    if (closed) return;
    const delay = Math.min(retryMaxMs, retryMinMs * 2 ** failures);
    failures += 1;
    after(delay, connect);
  };

  function connect() {
    if (closed || db.pool.ending) return;
    const current = new pg.Client({
      ...db.pool.options,
      application_name: options.applicationName ?? db.pool.options.application_name,
      keepAlive: true,
    });
    client = current;
    // The probe this connection waits for, if any.
    let awaited: { payload: string; arrived: () => void } | undefined;

    /** Proves `current` hears `channel` now: `verify` passes and a probe sent through the pool arrives. */
    const prove = async (): Promise<void> => {
      const payload = `${PROBE_PREFIX}${randomUUID()}`;
      const arrived = new Promise<void>((resolve) => {
        awaited = { payload, arrived: resolve };
      });
      await options.verify?.(current);
      await sendProbe(db.pool, channel, payload);
      await arrived;
    };
    /** Proves delivery within `heartbeatMs`, then runs `next`; drops the connection otherwise. */
    const proveThen = (next: () => void) => {
      after(heartbeatMs, () =>
        drop(current, new Error(`notifications not proven to arrive within ${heartbeatMs} ms`)),
      );
      prove().then(
        () => {
          if (current === client) next();
        },
        (error: unknown) => drop(current, error),
      );
    };
    const heartbeat = () => after(heartbeatMs, () => proveThen(heartbeat));

    current.on('notification', (message) => {
      if (current !== client || message.channel !== channel) return;
      const payload = message.payload ?? '';
      if (payload.startsWith(PROBE_PREFIX)) {
        if (payload === awaited?.payload) awaited.arrived();
        return;
      }
      try {
        handlers.onMessage(payload);
      } catch (error) {
        // A notification that was not applied is a lost one: report it like a lost connection.
        drop(current, error);
      }
    });
    current.on('error', (error) => drop(current, error));
    current.on('end', () => drop(current, new Error('connection ended')));
    current
      .connect()
      .then(() => current.query(`LISTEN ${channel}`))
      .then(
        () =>
          proveThen(() => {
            failures = 0;
            report(true);
            heartbeat();
          }),
        (error: unknown) => drop(current, error),
      );
  }

  connect();

  return {
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      if (client) drop(client);
      // Waits for the connection to close, so a pool closed next sees no session of ours.
      await ended;
    },
  };
}
