import pg from 'pg';
import type { Db, DbLogger } from './create-db';

/** What a channel listener reports: each notification, and whether LISTEN is in effect. */
export interface ChannelHandlers {
  /** A notification's payload (`''` when it has none). Called in the order Postgres sends them. */
  onMessage(payload: string): void;
  /**
   * `true` once LISTEN is in effect on a live connection, `false` as soon as that connection
   * fails, ends or misses a heartbeat (and on close). Notifications sent while `false` are lost:
   * whoever relies on them must not trust anything it learnt before `false` came.
   */
  onState(listening: boolean): void;
}

export interface ListenChannelOptions {
  /** Logs connection failures (warn). */
  logger?: DbLogger;
  /** How often the connection is probed (`select 1`); a probe unanswered this long drops it. Default 5 s. */
  heartbeatMs?: number;
  /** First reconnect delay, doubled per failed attempt up to `retryMaxMs`. Defaults 100 ms and 5 s. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** `application_name` of the listening connection. */
  applicationName?: string;
  /**
   * Runs on the listening connection after LISTEN, before `onState(true)`: a rejection counts
   * as a connection failure (logged, retried with backoff). For what must hold before the
   * notifications can be trusted (e.g. that the triggers sending them exist).
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
 * Listens to Postgres notifications on `channel` over a dedicated connection (a pooled one
 * would lose its LISTEN when returned), with the pool's connection settings. Reconnects with
 * exponential backoff after any failure and probes the connection with a heartbeat, so a
 * silently dead connection is noticed within about two heartbeats. Every moment notifications
 * could be missed is bracketed by `onState(false)` ... `onState(true)`.
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

  const heartbeat = (current: pg.Client) => {
    after(heartbeatMs, () => {
      after(heartbeatMs, () => drop(current, new Error('heartbeat unanswered')));
      current.query('select 1').then(
        () => {
          if (current === client) heartbeat(current);
        },
        (error: unknown) => drop(current, error),
      );
    });
  };

  function connect() {
    if (closed) return;
    const current = new pg.Client({
      ...db.pool.options,
      application_name: options.applicationName ?? db.pool.options.application_name,
      keepAlive: true,
    });
    client = current;
    current.on('notification', (message) => {
      if (current !== client || message.channel !== channel) return;
      try {
        handlers.onMessage(message.payload ?? '');
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
      .then(() => options.verify?.(current))
      .then(
        () => {
          if (current !== client) return;
          failures = 0;
          report(true);
          heartbeat(current);
        },
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
