import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Db, DbLogger } from './create-db';

/**
 * Payload prefix of the heartbeat's probes (`probe:<nonce>`): never handed to `onMessage`,
 * whichever process sent them, so a probe invalidates nothing.
 */
const PROBE_PREFIX = 'probe:';

/** A channel name as LISTEN takes it: a plain lower-case identifier (it cannot be a parameter). */
const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/** What a channel listener reports: each notification, and whether LISTEN is in effect. */
export interface ChannelHandlers {
  /** A notification's payload (`''` when it has none). Called in the order Postgres sends them. */
  onMessage(payload: string): void;
  /**
   * `true` once notifications are proven to arrive (LISTEN in effect, a probe sent through the
   * pool received, `verify` passed), `false` as soon as that connection fails, ends or fails a
   * heartbeat, `verify` or `onMessage` throw (and on close). Notifications sent while `false`
   * are lost: whoever relies on them must not trust anything it learnt before `false` came.
   */
  onState(listening: boolean): void;
}

/** The shared connection's settings. */
export interface ChannelHubOptions {
  /** Logs connection failures (warn), and subscribers' failures unless they bring their own. */
  logger?: DbLogger;
  /** First reconnect delay, doubled per failed attempt up to `retryMaxMs`. Defaults 100 ms and 5 s. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** `application_name` of the listening connection (default: the pool's). */
  applicationName?: string;
}

/** One subscriber's proof of delivery. */
export interface ChannelSubscriptionOptions {
  /** Logs this subscriber's failures (`verify`, `onMessage`); default the hub's logger. */
  logger?: DbLogger;
  /**
   * How often delivery is proven end to end for this subscriber: LISTEN and `verify` must
   * pass on the listening connection, then a `probe:<nonce>` notification sent on its channel
   * through the POOL must arrive there, each step within this long. A late LISTEN, `verify` or
   * probe arrival drops the connection (every subscriber reports `false`) and retries; a probe
   * the pool cannot send in time (no free connection) turns only this subscriber off and
   * retries it with backoff. The first proof comes before `onState(true)`. Default 5 s.
   */
  heartbeatMs?: number;
  /**
   * Runs on the listening connection after LISTEN, before `onState(true)`, and again at every
   * heartbeat: a rejection turns this subscriber off (logged, retried with backoff), not the
   * others. For what must hold while the notifications are trusted (e.g. that the triggers
   * sending them exist and are enabled).
   */
  verify?: (client: Pick<pg.ClientBase, 'query'>) => Promise<void>;
}

/** A running subscription. */
export interface ChannelListener {
  /** Whether notifications are proven to arrive right now (the last `onState`). */
  readonly listening: boolean;
  /**
   * Stops listening for good (reports `false` if it was listening); the last subscriber to
   * leave ends the hub's connection, and its `close` resolves once that connection is closed.
   */
  close(): Promise<void>;
}

/** One LISTEN connection shared by every notified cache of a process (of one pool). */
export interface ChannelHub {
  /** Subscribes `handlers` to `channel` (a plain lower-case identifier) on the shared connection. */
  listen(
    channel: string,
    handlers: ChannelHandlers,
    options?: ChannelSubscriptionOptions,
  ): ChannelListener;
}

interface Subscription {
  channel: string;
  handlers: ChannelHandlers;
  heartbeatMs: number;
  logger: DbLogger | undefined;
  verify: ChannelSubscriptionOptions['verify'];
  listening: boolean;
  /** Failed proofs in a row (`verify`, `onMessage`): the retry backoff. */
  failures: number;
  /** The pending heartbeat, proof deadline or retry. */
  timer: NodeJS.Timeout | undefined;
  /** Bumped to make an in-flight proof's outcome stale. */
  attempt: number;
  /** The probe this subscriber waits for, if any. */
  awaited: { payload: string; arrived: () => void } | undefined;
}

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

/** Runs `fn` after `ms` without keeping the process alive (the connection does that). */
const later = (ms: number, fn: () => void) => setTimeout(fn, ms).unref();

/**
 * One dedicated connection (a pooled one would lose its LISTEN when returned), with the pool's
 * connection settings, that LISTENs on every subscribed channel: one backend however many caches
 * listen. Opened by the first subscriber, ended when the last one leaves; reconnects with
 * exponential backoff after any failure, and every subscriber's proof re-LISTENs its channel.
 * Each subscriber is trusted on its own: its heartbeat proves end to end that a notification
 * sent through the pool on ITS channel reaches the connection and that its `verify` passes (a
 * connection that answers queries but gets no notifications is worthless), so a silent failure
 * is noticed within about two heartbeats. A lost connection or a probe sent but not received
 * turns every subscriber off; a failing `verify` or `onMessage`, or a probe the busy pool could
 * not send in time, only its own. Every moment a subscriber's
 * notifications could be missed is bracketed by its `onState(false)` ... `onState(true)`. It
 * stops reconnecting once its pool is ended.
 */
export function createChannelHub(
  db: Pick<Db, 'pool'>,
  options: ChannelHubOptions = {},
): ChannelHub {
  const retryMinMs = options.retryMinMs ?? 100;
  const retryMaxMs = options.retryMaxMs ?? 5000;
  const backoff = (failures: number) => Math.min(retryMaxMs, retryMinMs * 2 ** failures);
  const subscriptions = new Set<Subscription>();
  let client: pg.Client | undefined;
  /** `client` is connected: proofs can run on it. */
  let connected = false;
  let failures = 0;
  let reconnect: NodeJS.Timeout | undefined;
  let ended: Promise<void> = Promise.resolve();
  /** The last statement queued on `client`: they run one at a time (pg 9 refuses overlaps). */
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = (fn: () => Promise<unknown>): Promise<unknown> => {
    const run = turn.then(fn);
    turn = run.catch(() => undefined);
    return run;
  };

  const report = (sub: Subscription, next: boolean) => {
    if (sub.listening === next) return;
    sub.listening = next;
    sub.handlers.onState(next);
  };
  /** Cancels what `sub` has in flight (its timer, its proof's outcome, its probe). */
  const reset = (sub: Subscription) => {
    clearTimeout(sub.timer);
    sub.timer = undefined;
    sub.attempt += 1;
    sub.awaited = undefined;
  };

  /** Forgets `failed` (if it is still the connection), turns everyone off, schedules a retry. */
  const drop = (failed: pg.Client, error?: unknown) => {
    if (failed !== client) return;
    client = undefined;
    connected = false;
    for (const sub of subscriptions) {
      reset(sub);
      report(sub, false);
    }
    if (error !== undefined && subscriptions.size > 0) {
      const channels = [...new Set([...subscriptions].map((sub) => sub.channel))];
      options.logger?.warn?.({ err: error, channels }, 'notification listener connection failed');
    }
    failed.removeAllListeners('notification');
    // Ending a connection that already failed can fail too; it is gone either way.
    ended = failed.end().catch(() => undefined);
    if (subscriptions.size === 0) return;
    reconnect = later(backoff(failures), () => {
      reconnect = undefined;
      connect();
    });
    failures += 1;
  };

  /** `sub` failed on its own (`verify`, `onMessage`): off, logged, proven again after backoff. */
  const fail = (sub: Subscription, error: unknown) => {
    reset(sub);
    report(sub, false);
    sub.logger?.warn?.({ err: error, channel: sub.channel }, 'notification subscriber failed');
    sub.timer = later(backoff(sub.failures), () => {
      if (client && connected) prove(sub, client);
    });
    sub.failures += 1;
  };

  /**
   * Proves `current` hears `sub.channel` now (LISTEN, `verify`, a probe sent through the pool
   * arrives), then reports `true` and schedules the next proof. Each step has `sub.heartbeatMs`,
   * and a late one is blamed on what it waited for: LISTEN, `verify` or the probe's arrival on
   * the connection (dropped: every subscriber goes off), sending the probe on the pool (this
   * subscriber alone goes off: a pool saturated under load is not the shared connection's fault).
   */
  function prove(sub: Subscription, current: pg.Client) {
    reset(sub);
    const attempt = sub.attempt;
    const stale = () => attempt !== sub.attempt || current !== client;
    const deadline = (missed: () => void) => {
      clearTimeout(sub.timer);
      sub.timer = later(sub.heartbeatMs, missed);
    };
    const late = (what: string) => new Error(`${what} within ${sub.heartbeatMs} ms`);
    const proof = async (): Promise<boolean> => {
      deadline(() => drop(current, late(`LISTEN ${sub.channel} and verify not answered`)));
      await exclusive(async () => {
        // Idempotent: a new channel's first LISTEN, and a lost one's repair.
        await current.query(`LISTEN ${sub.channel}`);
        await sub.verify?.(current);
      });
      if (stale()) return false;
      const payload = `${PROBE_PREFIX}${randomUUID()}`;
      const arrived = new Promise<void>((resolve) => {
        sub.awaited = { payload, arrived: resolve };
      });
      deadline(() => fail(sub, late(`probe on ${sub.channel} not sent (pool busy)`)));
      await sendProbe(db.pool, sub.channel, payload);
      if (stale()) return false;
      deadline(() => drop(current, late(`notifications on ${sub.channel} not proven to arrive`)));
      await arrived;
      return true;
    };
    proof().then(
      (proven) => {
        if (!proven || stale()) return;
        failures = 0;
        sub.failures = 0;
        report(sub, true);
        deadline(() => prove(sub, current));
      },
      (error: unknown) => {
        if (!stale()) fail(sub, error);
      },
    );
  }

  function connect() {
    if (subscriptions.size === 0 || db.pool.ending) return;
    const current = new pg.Client({
      ...db.pool.options,
      application_name: options.applicationName ?? db.pool.options.application_name,
      keepAlive: true,
    });
    client = current;
    turn = Promise.resolve();
    current.on('notification', (message) => {
      if (current !== client) return;
      const payload = message.payload ?? '';
      const probe = payload.startsWith(PROBE_PREFIX);
      for (const sub of [...subscriptions]) {
        if (sub.channel !== message.channel) continue;
        if (probe) {
          if (payload === sub.awaited?.payload) sub.awaited.arrived();
          continue;
        }
        try {
          sub.handlers.onMessage(payload);
        } catch (error) {
          // A notification that was not applied is a lost one: that subscriber is off until re-proven.
          fail(sub, error);
        }
      }
    });
    current.on('error', (error) => drop(current, error));
    current.on('end', () => drop(current, new Error('connection ended')));
    current.connect().then(
      () => {
        if (current !== client) return;
        connected = true;
        for (const sub of subscriptions) prove(sub, current);
      },
      (error: unknown) => drop(current, error),
    );
  }

  return {
    listen(channel, handlers, subscriptionOptions = {}) {
      if (!CHANNEL.test(channel)) throw new TypeError(`not a plain channel name: ${channel}`);
      const sub: Subscription = {
        channel,
        handlers,
        heartbeatMs: subscriptionOptions.heartbeatMs ?? 5000,
        logger: subscriptionOptions.logger ?? options.logger,
        verify: subscriptionOptions.verify,
        listening: false,
        failures: 0,
        timer: undefined,
        attempt: 0,
        awaited: undefined,
      };
      subscriptions.add(sub);
      if (client && connected) prove(sub, client);
      // Otherwise the connection being opened proves it once connected, or the pending retry opens one.
      else if (!client && !reconnect) connect();

      return {
        get listening() {
          return sub.listening;
        },
        async close() {
          if (!subscriptions.delete(sub)) return ended;
          reset(sub);
          report(sub, false);
          if (subscriptions.size === 0) {
            clearTimeout(reconnect);
            reconnect = undefined;
            failures = 0;
            if (client) drop(client);
            // Waits for the connection to close, so a pool closed next sees no session of ours.
            return ended;
          }
          const current = client;
          const others = [...subscriptions].some((other) => other.channel === channel);
          if (current && connected && !others) {
            // A failure here is the connection's, which its own handlers report.
            await exclusive(() => current.query(`UNLISTEN ${channel}`)).catch(() => undefined);
          }
        },
      };
    },
  };
}
