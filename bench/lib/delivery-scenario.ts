import type { Db } from '@aiconnected/db';
import {
  emitEvent,
  emitEvents,
  type EmitBatchInput,
  type InstallationPrincipal,
} from '@aiconnected/events';
import type { ReceivedWebhook, WebhookReceiver } from '@aiconnected/events/testing';
import { startCpuAccounting, type CpuSplit } from './cpu-accounting';
import { runProducers, type ProducersRun } from './run-producers';
import { checkStreamOrder, type Arrival, type OrderCheck } from './stream-order';
import { summarizeLatency, type LatencySummary } from './summarize-latency';

/** One sustained-delivery run of bench/events.ts (b): who emits what, and how. */
export interface DeliveryScenario {
  db: Db;
  receiver: WebhookReceiver;
  eventsPath: string;
  principal: InstallationPrincipal;
  workspaceId: string;
  eventName: string;
  /** Stream names are `<prefix>-0..`; the prefix also selects the deliveries counted. */
  streamPrefix: string;
  streams: number;
  eventsPerStream: number;
  /** 1: `emitEvent` per event; more: `emitEvents` with this many events per call. */
  batchSize: number;
  serverPid: number;
  listPostgres: () => Promise<number[]>;
  waitUntil: (what: string, done: () => Promise<boolean>) => Promise<void>;
}

export interface DeliveryRun {
  events: number;
  batchSize: number;
  /** Producer timing; `perSecond` is events (not calls) per second. */
  emitted: ProducersRun;
  endToEndSeconds: number;
  eventsPerSecond: number;
  /** After the last emit until the last arrival. */
  tailSeconds: number;
  emitToArrivalMs: LatencySummary;
  order: OrderCheck;
  states: Array<{ state: string; n: number; attempts: number }>;
  cpuMs: CpuSplit;
}

/** The stream and position of a delivered envelope (`partitionkey`, 20-digit `sequence`). */
function arrivalOf(webhook: ReceivedWebhook): Arrival & { at: number } {
  const envelope = webhook.json as { partitionkey?: unknown; sequence?: unknown };
  if (typeof envelope.partitionkey !== 'string' || typeof envelope.sequence !== 'string') {
    throw new Error(`the receiver got a body that is not an event envelope: ${webhook.body}`);
  }
  return {
    stream: envelope.partitionkey,
    sequence: BigInt(envelope.sequence),
    at: webhook.receivedAt,
  };
}

/**
 * Sustained delivery end to end: `streams` concurrent producers (one stream each) emit
 * `eventsPerStream` events through the package, one call per event or `batchSize` per call;
 * delivered events/s from the first emit to the last arrival, each stream checked to arrive
 * 1..eventsPerStream in order, the emit-to-arrival latency and the CPU split.
 */
export async function runDeliveryScenario(scenario: DeliveryScenario): Promise<DeliveryRun> {
  const { db, receiver, streams: count, eventsPerStream, batchSize } = scenario;
  if (eventsPerStream % batchSize !== 0)
    throw new Error('eventsPerStream must divide by batchSize');
  const streams = Array.from({ length: count }, (_, index) => `${scenario.streamPrefix}-${index}`);
  const total = count * eventsPerStream;
  const emittedAt = streams.map(() => new Array<number>(eventsPerStream));
  const arrivalsBefore = receiver.received.length;
  const arrived = () =>
    receiver.received.slice(arrivalsBefore).filter((hook) => hook.path === scenario.eventsPath);
  const event = (stream: string, index: number): EmitBatchInput => ({
    workspaceId: scenario.workspaceId,
    eventName: scenario.eventName,
    payload: { n: index },
    idempotencyKey: `${stream}-${index}`,
    correlationId: `bench-${stream}`,
    stream,
  });
  const producer = { kind: 'module' as const, installation: scenario.principal };
  const stopCpu = await startCpuAccounting(scenario.serverPid, scenario.listPostgres);
  const calls = await runProducers(count, eventsPerStream / batchSize, async (which, call) => {
    const stream = streams[which] ?? '';
    const first = call * batchSize;
    if (batchSize === 1) {
      await emitEvent(db, { producer, ...event(stream, first) });
    } else {
      const batch = Array.from({ length: batchSize }, (_, offset) => event(stream, first + offset));
      await emitEvents(db, producer, batch);
    }
    const now = Date.now();
    for (let index = first; index < first + batchSize; index += 1) {
      (emittedAt[which] as number[])[index] = now;
    }
  });
  const emitted = { ...calls, steps: total, perSecond: total / calls.seconds };
  await scenario.waitUntil(`${total} arrivals`, () => Promise.resolve(arrived().length >= total));
  const cpuMs = await stopCpu();
  const arrivals = arrived().map(arrivalOf);
  const lastArrival = Math.max(...arrivals.map((arrival) => arrival.at));
  const endToEndSeconds = (lastArrival - emitted.startedAt) / 1000;
  const emitToArrivalMs = summarizeLatency(
    arrivals.map((arrival) => {
      const sent = emittedAt[streams.indexOf(arrival.stream)]?.[Number(arrival.sequence) - 1];
      return sent === undefined ? Number.NaN : arrival.at - sent;
    }),
  );
  const { rows: states } = await db.pool.query<{ state: string; n: number; attempts: number }>(
    `select state, count(*)::int as n, sum(attempts)::int as attempts
       from public.event_deliveries where stream like $1 group by state order by state`,
    [`${scenario.streamPrefix}-%`],
  );
  return {
    events: total,
    batchSize,
    emitted,
    endToEndSeconds,
    eventsPerSecond: total / endToEndSeconds,
    tailSeconds: (lastArrival - emitted.endedAt) / 1000,
    emitToArrivalMs,
    order: checkStreamOrder(arrivals, streams, eventsPerStream),
    states,
    cpuMs,
  };
}

/** Prints a run as bench/events.ts reports (b): rates, latency, states, CPU, ordering. */
export function printDeliveryRun(label: string, run: DeliveryRun): void {
  const { events, emitted, emitToArrivalMs: lag } = run;
  console.log(
    `\n${label} ${events} events: emitted at ${emitted.perSecond.toFixed(0)}/s, the last arrived ` +
      `${run.tailSeconds.toFixed(2)} s after the last emit; end to end ` +
      `${run.endToEndSeconds.toFixed(2)} s = ${run.eventsPerSecond.toFixed(0)} events/s delivered`,
  );
  console.log(
    `  emit-to-arrival ms: p50 ${lag.p50.toFixed(1)}, p95 ${lag.p95.toFixed(1)}, p99 ${lag.p99.toFixed(1)}, max ${lag.max.toFixed(1)}`,
  );
  console.log(
    `  deliveries by state: ${run.states.map((row) => `${row.state} ${row.n} (${row.attempts} attempts)`).join(', ')}`,
  );
  const perEvent = (value: number) => (value / events).toFixed(3);
  console.log(
    `  CPU per event (ms): app ${perEvent(run.cpuMs.serverMs)}, Postgres ${perEvent(run.cpuMs.postgresMs)}, ` +
      `bench (producers + receiver) ${perEvent(run.cpuMs.loadGeneratorMs)}, other ${perEvent(run.cpuMs.otherMs)}`,
  );
  for (const stream of run.order.streams) {
    const fine = stream.duplicates + stream.reordered + stream.missing === 0;
    if (!fine) console.log(`  ${stream.stream}: ${JSON.stringify(stream)}`);
  }
  const streams = run.order.streams.length;
  console.log(
    `${run.order.pass ? '✓ PASS' : '✗ FAIL'} ordering: each of ${streams} streams arrived 1..${events / streams} in order, no gap or duplicate`,
  );
}
