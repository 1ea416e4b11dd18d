import type { ModuleBreaker, ModuleHttpTarget } from '@aiconnected/sdk-contracts';
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  noJitterGenerator,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { ForwardResult } from '../forward/create-forwarder';
import { countsAgainstTarget, targetUnhealthy } from '../forward/forward-errors';
import { recordingBackoff } from './recording-backoff';

/**
 * One breaker's state as the platform records it (`module_target_health` breaker columns) and
 * the modules screen shows it (`ModuleBreaker`): `ejections` counts consecutive openings (0
 * once it closes), `open_until` is when an open breaker lets a trial through.
 */
export type BreakerView = ModuleBreaker;

/** Whose target a breaker guards: one per module version (`${moduleKey}@${version}`). */
export interface BreakerKey {
  moduleKey: string;
  version: string;
}

export interface BreakerRegistryOptions {
  /** Consecutive failures that open a breaker (`GATEWAY_BREAKER_FAILURES`, 5). */
  failures: number;
  /** First ejection (`GATEWAY_BREAKER_EJECTION_MS`, 5000); doubles each reopening. */
  baseEjectionMs: number;
  /** Longest ejection (`GATEWAY_BREAKER_MAX_EJECTION_MS`, 300000). */
  maxEjectionMs: number;
  /** The module's health probe (`probeModuleTarget` with the platform's rules): the trial. */
  probe: (target: ModuleHttpTarget) => Promise<boolean>;
  /** Every transition (the platform persists it, fire-and-forget). */
  onStateChange: (key: BreakerKey, view: BreakerView) => void;
  /**
   * The clock ejections are timed by (ms since the epoch; default `Date.now`): a test's own,
   * moved forward instead of sleeping through an ejection.
   */
  now?: () => number;
}

export interface BreakerRegistry {
  /**
   * Runs `forward` through the breaker of `key`: open -> `MODULE_TARGET_UNHEALTHY` 503
   * `circuit_open` with `retry_after_s`, nothing forwarded; half-open -> the health probe first
   * (one at a time: concurrent callers wait for it), healthy -> closed and forwarded, else open
   * again for longer. Connection failures, timeouts and 502/503/504 answers count as failures.
   */
  execute(
    key: BreakerKey,
    target: ModuleHttpTarget,
    forward: () => Promise<ForwardResult>,
  ): Promise<ForwardResult>;
  /** The breaker of `key` now (closed and never changed when it has none). */
  view(key: BreakerKey): BreakerView;
}

const FAILED_STATUSES = new Set([502, 503, 504]);

interface Entry {
  policy: CircuitBreakerPolicy;
  view: BreakerView;
  /** The last ejection duration the backoff gave (ms). */
  ejectionMs: number;
  /** When the current ejection ends (`now()` ms): the trial is due from then. */
  openUntil: number;
  /** The running half-open trial, shared by concurrent callers. */
  trial: Promise<unknown> | undefined;
}

const CLOSED: BreakerView = { state: 'closed', ejections: 0, open_until: null, changed_at: null };

/** The gateway's circuit breakers (cockatiel), one per module version's target. */
export function createBreakerRegistry(options: BreakerRegistryOptions): BreakerRegistry {
  const entries = new Map<string, Entry>();
  const now = options.now ?? Date.now;

  const entryOf = (key: BreakerKey): Entry => {
    const id = `${key.moduleKey}@${key.version}`;
    const existing = entries.get(id);
    if (existing !== undefined) return existing;
    const entry = { view: CLOSED, ejectionMs: 0, openUntil: 0, trial: undefined } as Entry;
    entry.policy = circuitBreaker(
      handleWhen(countsAgainstTarget).orWhenResult((result) =>
        // The half-open trial (the probe) answers nothing.
        FAILED_STATUSES.has((result as ForwardResult | undefined)?.status ?? 0),
      ),
      {
        breaker: new ConsecutiveBreaker(options.failures),
        halfOpenAfter: recordingBackoff(
          new ExponentialBackoff({
            initialDelay: options.baseEjectionMs,
            maxDelay: options.maxEjectionMs,
            generator: noJitterGenerator,
          }),
          (ms) => (entry.ejectionMs = ms),
        ),
      },
    );
    entry.policy.onStateChange((state) => {
      const at = now();
      const changed_at = new Date(at).toISOString();
      if (state === CircuitState.Open) {
        entry.openUntil = at + entry.ejectionMs;
        entry.view = {
          state: 'open',
          ejections: entry.view.ejections + 1,
          open_until: new Date(entry.openUntil).toISOString(),
          changed_at,
        };
      } else if (state === CircuitState.HalfOpen) {
        entry.view = { ...entry.view, state: 'half_open', open_until: null, changed_at };
      } else {
        entry.view = { state: 'closed', ejections: 0, open_until: null, changed_at };
      }
      options.onStateChange({ ...key }, entry.view);
    });
    entries.set(id, entry);
    return entry;
  };

  const circuitOpen = (key: BreakerKey, entry: Entry) => {
    const retryAfter = Math.max(1, Math.ceil((entry.openUntil - now()) / 1000));
    return targetUnhealthy(key.moduleKey, 'circuit_open', 'module circuit breaker open', {
      retry_after_s: retryAfter,
    });
  };

  /** Until the breaker is closed: the trial (the probe) when it is due, else the refusal. */
  const awaitClosed = async (key: BreakerKey, target: ModuleHttpTarget, entry: Entry) => {
    while (entry.policy.state !== CircuitState.Closed) {
      if (entry.trial !== undefined) {
        await entry.trial.catch(() => undefined);
        continue;
      }
      // Open (no trial running): refused until the ejection ends by `now()`; cockatiel's own
      // wait is 0 (`recordingBackoff`), so from then on its next call is the half-open trial.
      if (now() < entry.openUntil) throw circuitOpen(key, entry);
      const trial = entry.policy.execute(async () => {
        if (await options.probe(target)) return;
        throw targetUnhealthy(key.moduleKey, 'unreachable', 'health probe failed');
      });
      entry.trial = trial;
      try {
        await trial;
      } catch (error) {
        if (error instanceof BrokenCircuitError || countsAgainstTarget(error)) {
          throw circuitOpen(key, entry);
        }
        throw error;
      } finally {
        if (entry.trial === trial) entry.trial = undefined;
      }
    }
  };

  return {
    execute: async (key, target, forward) => {
      const entry = entryOf(key);
      // Checked again after each wait, right before the call: a concurrent failure may have
      // opened it meanwhile, and `forward` must never be the half-open trial.
      while (entry.policy.state !== CircuitState.Closed) await awaitClosed(key, target, entry);
      return entry.policy.execute(forward);
    },
    view: (key) => entries.get(`${key.moduleKey}@${key.version}`)?.view ?? CLOSED,
  };
}
